using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using Modelplane.Governance.Storage;

namespace Modelplane.Governance.Secrets;

/// <summary>
/// Secrets of each workspace in the control database, sealed with the master key. Values leave this class only through
/// <see cref="ResolveAsync"/>; nothing here logs or throws with a value in it.
/// </summary>
internal sealed partial class SecretStore(ControlDatabase database, SecretMasterKey masterKey, TimeProvider time, ILogger<SecretStore> logger)
    : ISecretResolver
{
    /// <summary>The largest value, in UTF-8 bytes.</summary>
    public const int MaxValueBytes = 64 * 1024;

    /// <summary>Creates the secret (version 1) or rotates it (version + 1).</summary>
    /// <returns>The secret's description and whether it was created.</returns>
    public async Task<(SecretInfo Secret, bool Created)> SetAsync(string workspace, string name, string value, CancellationToken ct)
    {
        var plaintext = Encoding.UTF8.GetBytes(value);
        try
        {
            await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
            // IMMEDIATE: two rotations at once must not both compute the same next version.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var current = await connection.QuerySingleOrDefaultAsync<CurrentRow>(new CommandDefinition(
                "SELECT version AS Version, created_at AS CreatedAt FROM secrets WHERE workspace = @workspace AND name = @name",
                new { workspace, name }, transaction, cancellationToken: ct)).ConfigureAwait(false);
            var version = checked((int)(current?.Version ?? 0) + 1);
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var (nonce, ciphertext, tag) = SecretCipher.Seal(masterKey.Key, workspace, name, version, plaintext);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO secrets (workspace, name, version, key_id, nonce, ciphertext, tag, created_at, updated_at)
                VALUES (@workspace, @name, @version, @keyId, @nonce, @ciphertext, @tag, @now, @now)
                ON CONFLICT (workspace, name) DO UPDATE SET
                    version = excluded.version, key_id = excluded.key_id, nonce = excluded.nonce,
                    ciphertext = excluded.ciphertext, tag = excluded.tag, updated_at = excluded.updated_at
                """,
                new { workspace, name, version, keyId = masterKey.Id, nonce, ciphertext, tag, now },
                transaction, cancellationToken: ct)).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            LogSet(logger, workspace, name, version);
            var created = DateTimeOffset.FromUnixTimeMilliseconds(current?.CreatedAt ?? now);
            return (new SecretInfo(name, version, created, DateTimeOffset.FromUnixTimeMilliseconds(now)), current is null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>The workspace's secrets, ordered by name, without values.</summary>
    public async Task<IReadOnlyList<SecretInfo>> ListAsync(string workspace, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ListRow>(new CommandDefinition(
            "SELECT name AS Name, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt FROM secrets WHERE workspace = @workspace ORDER BY name",
            new { workspace }, cancellationToken: ct)).ConfigureAwait(false);
        return [.. rows.Select(r => new SecretInfo(
            r.Name, checked((int)r.Version), DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt)))];
    }

    /// <summary>Deletes the secret; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string workspace, string name, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM secrets WHERE workspace = @workspace AND name = @name", new { workspace, name }, cancellationToken: ct)).ConfigureAwait(false);
        if (deleted > 0)
        {
            LogDeleted(logger, workspace, name);
        }

        return deleted > 0;
    }

    /// <inheritdoc />
    public async Task<string> ResolveAsync(string workspace, string name, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<SealedRow>(new CommandDefinition(
            "SELECT version AS Version, key_id AS KeyId, nonce AS Nonce, ciphertext AS Ciphertext, tag AS Tag FROM secrets WHERE workspace = @workspace AND name = @name",
            new { workspace, name }, cancellationToken: ct)).ConfigureAwait(false)
            ?? throw new SecretNotFoundException(workspace, name);
        if (row.KeyId != masterKey.Id)
        {
            throw new SecretUnreadableException(
                $"Secret '{name}' in workspace '{workspace}' was encrypted with master key {row.KeyId}, but this server's key is {masterKey.Id}. "
                + $"Start the server with the original key ({SecretOptions.KeyVariable}, Modelplane:Governance:SecretKeyFile or <data-dir>/{SecretOptions.DefaultKeyFileName}), or set the secret again.");
        }

        byte[] plaintext;
        try
        {
            plaintext = SecretCipher.Open(masterKey.Key, workspace, name, checked((int)row.Version), row.Nonce, row.Ciphertext, row.Tag);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretUnreadableException(
                $"Secret '{name}' in workspace '{workspace}' failed its integrity check: its stored row was altered or copied from another secret. Set it again.");
        }

        try
        {
            return Encoding.UTF8.GetString(plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Secret {Name} set in workspace {Workspace} (version {Version})")]
    private static partial void LogSet(ILogger logger, string workspace, string name, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Secret {Name} deleted from workspace {Workspace}")]
    private static partial void LogDeleted(ILogger logger, string workspace, string name);

    private sealed class ListRow
    {
        public string Name { get; set; } = "";
        public long Version { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }
    }

    private sealed class CurrentRow
    {
        public long Version { get; set; }
        public long CreatedAt { get; set; }
    }

    private sealed class SealedRow
    {
        public long Version { get; set; }
        public string KeyId { get; set; } = "";
        public byte[] Nonce { get; set; } = [];
        public byte[] Ciphertext { get; set; } = [];
        public byte[] Tag { get; set; } = [];
    }
}
