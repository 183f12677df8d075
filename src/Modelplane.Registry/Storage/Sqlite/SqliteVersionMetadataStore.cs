using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Storage.Sqlite;

/// <summary>Tags, approvals and model cards in SQLite.</summary>
internal sealed class SqliteVersionMetadataStore(SqliteConnectionFactory connections, TimeProvider time) : IVersionMetadataStore
{
    private const string UpsertTagSql = """
        INSERT INTO model_version_tags (model, version, key, value) VALUES (@model, @version, @key, @value)
        ON CONFLICT (model, version, key) DO UPDATE SET value = excluded.value
        """;

    private const string ApprovalSql = """
        UPDATE model_versions SET approval_status = @status, approval_by = @by, approval_at = @now, approval_comment = @comment
        WHERE model = @model AND version = @version
        """;

    private const string UpsertCardSql = """
        INSERT INTO model_version_cards (model, version, markdown, updated_at) VALUES (@model, @version, @markdown, @now)
        ON CONFLICT (model, version) DO UPDATE SET markdown = excluded.markdown, updated_at = excluded.updated_at
        """;

    public async Task<ModelVersion> SetTagAsync(string model, int version, string key, string value, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await ExecuteOnVersionAsync(connection, transaction, UpsertTagSql, (model, version), new { model, version, key, value }, ct);
        var updated = await VersionQueries.GetExistingAsync(connection, model, version, transaction, ct);
        await transaction.CommitAsync(ct);
        return updated;
    }

    public async Task<bool> DeleteTagAsync(string model, int version, string key, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM model_version_tags WHERE model = @model AND version = @version AND key = @key",
            new { model, version, key },
            cancellationToken: ct));
        if (deleted == 0)
        {
            _ = await VersionQueries.GetExistingAsync(connection, model, version, null, ct);
        }

        return deleted > 0;
    }

    public async Task<ModelVersion> SetDescriptionAsync(string model, int version, string? description, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE model_versions SET description = @description WHERE model = @model AND version = @version",
            new { model, version, description },
            transaction,
            cancellationToken: ct));
        if (changed == 0)
        {
            throw VersionQueries.NotFound(model, version);
        }

        var updated = await VersionQueries.GetExistingAsync(connection, model, version, transaction, ct);
        await transaction.CommitAsync(ct);
        return updated;
    }

    public async Task<ModelVersion> SetApprovalAsync(string model, int version, ApprovalStatus status, string? by, string? comment, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            ApprovalSql,
            new { model, version, status = VersionApproval.Name(status), by, comment, now },
            transaction,
            cancellationToken: ct));
        if (changed == 0)
        {
            throw VersionQueries.NotFound(model, version);
        }

        var updated = await VersionQueries.GetExistingAsync(connection, model, version, transaction, ct);
        await transaction.CommitAsync(ct);
        return updated;
    }

    public async Task SetCardAsync(string model, int version, string markdown, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);
        await ExecuteOnVersionAsync(connection, null, UpsertCardSql, (model, version), new { model, version, markdown, now }, ct);
    }

    public async Task<string?> GetCardAsync(string model, int version, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT markdown FROM model_version_cards WHERE model = @model AND version = @version",
            new { model, version },
            cancellationToken: ct));
    }

    // The foreign key is the existence check: a write against a missing version fails inside the same statement.
    private static async Task ExecuteOnVersionAsync(
        SqliteConnection connection, System.Data.Common.DbTransaction? transaction, string sql, (string Model, int Version) target, object args, CancellationToken ct)
    {
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, args, transaction, cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsMissingReference(e))
        {
            throw VersionQueries.NotFound(target.Model, target.Version);
        }
    }
}
