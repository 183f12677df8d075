using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Governance.Storage;

namespace Modelplane.Governance.Signing;

/// <summary>The workspaces' signing keys (public halves only) in the control database.</summary>
internal sealed class SigningKeyStore(ControlDatabase database, TimeProvider time)
{
    private const string Columns =
        "name AS Name, public_key AS PublicKey, fingerprint AS Fingerprint, created_at AS CreatedAt, created_by AS CreatedBy, revoked_at AS RevokedAt";

    /// <summary>Registers a public key under a new name.</summary>
    /// <exception cref="SigningKeyExistsException">The name is taken, by a live or a revoked key.</exception>
    public async Task<SigningKey> AddAsync(string workspace, string name, byte[] publicKey, string createdBy, CancellationToken ct)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        var key = new SigningKey(name, publicKey, ArtifactSigning.Fingerprint(publicKey), now, createdBy, null);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO signing_keys (workspace, name, public_key, fingerprint, created_at, created_by)
                VALUES (@workspace, @name, @publicKey, @fingerprint, @createdAt, @createdBy)
                """,
                new { workspace, name, publicKey, fingerprint = key.Fingerprint, createdAt = key.CreatedAt.ToUnixTimeMilliseconds(), createdBy },
                cancellationToken: ct)).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw new SigningKeyExistsException(workspace, name);
        }

        return key;
    }

    /// <summary>The workspace's keys, revoked ones included, ordered by name.</summary>
    public async Task<IReadOnlyList<SigningKey>> ListAsync(string workspace, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<KeyRow>(new CommandDefinition(
            $"SELECT {Columns} FROM signing_keys WHERE workspace = @workspace ORDER BY name", new { workspace }, cancellationToken: ct)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToKey())];
    }

    /// <summary>One key, or null.</summary>
    public async Task<SigningKey?> GetAsync(string workspace, string name, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            $"SELECT {Columns} FROM signing_keys WHERE workspace = @workspace AND name = @name", new { workspace, name }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToKey();
    }

    /// <summary>Revokes a key; false when no live key has that name.</summary>
    public async Task<bool> RevokeAsync(string workspace, string name, string revokedBy, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE signing_keys SET revoked_at = @now, revoked_by = @revokedBy WHERE workspace = @workspace AND name = @name AND revoked_at IS NULL",
            new { workspace, name, revokedBy, now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: ct)).ConfigureAwait(false);
        return changed > 0;
    }

    private sealed class KeyRow
    {
        public string Name { get; set; } = "";
        public byte[] PublicKey { get; set; } = [];
        public string Fingerprint { get; set; } = "";
        public long CreatedAt { get; set; }
        public string CreatedBy { get; set; } = "";
        public long? RevokedAt { get; set; }

        public SigningKey ToKey() => new(
            Name, PublicKey, Fingerprint, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), CreatedBy,
            RevokedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null);
    }
}
