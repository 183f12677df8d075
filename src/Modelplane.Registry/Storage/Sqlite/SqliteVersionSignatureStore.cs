using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Storage.Sqlite;

/// <summary>Signatures in <c>model_version_signatures</c>, read back with every version (<see cref="VersionRow"/>).</summary>
internal sealed class SqliteVersionSignatureStore(SqliteConnectionFactory connections) : IVersionSignatureStore
{
    public async Task AddAsync(string model, int version, VersionSignature signature, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signature);
        await using var connection = await connections.OpenAsync(ct);
        try
        {
            // The deleted_at check makes a soft-deleted version a 404 here as everywhere else; the trigger guards races.
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO model_version_signatures (model, version, key_name, key_fingerprint, signature, signed_at)
                SELECT @model, @version, @key, @fingerprint, @signature, @signedAt
                WHERE EXISTS (SELECT 1 FROM model_versions WHERE model = @model AND version = @version AND deleted_at IS NULL)
                ON CONFLICT (model, version, key_fingerprint) DO NOTHING
                """,
                new
                {
                    model,
                    version,
                    key = signature.Key,
                    fingerprint = signature.Fingerprint,
                    signature = Convert.ToBase64String(signature.Signature),
                    signedAt = signature.SignedAt.ToUnixTimeMilliseconds(),
                },
                cancellationToken: ct));
            if (inserted == 0 && !await ExistsAsync(connection, model, version, ct))
            {
                throw VersionQueries.NotFound(model, version);
            }
        }
        catch (SqliteException e) when (SqliteErrors.IsMissingReference(e))
        {
            throw VersionQueries.NotFound(model, version);
        }
    }

    private static Task<bool> ExistsAsync(SqliteConnection connection, string model, int version, CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM model_versions WHERE model = @model AND version = @version AND deleted_at IS NULL)",
            new { model, version },
            cancellationToken: ct));
}
