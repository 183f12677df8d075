using System.Text.Json;
using Dapper;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Storage.Sqlite;

/// <summary>Models and immutable versions in SQLite.</summary>
internal sealed class SqliteModelStore(SqliteConnectionFactory connections, TimeProvider time) : IModelStore
{
    // The upsert bumps the per-model counter and returns it in one statement, inside a BEGIN IMMEDIATE
    // transaction: concurrent pushes queue on the write lock and each gets its own number.
    private const string NextVersionSql = """
        INSERT INTO models (name, last_version, created_at, updated_at) VALUES (@Model, 1, @Now, @Now)
        ON CONFLICT (name) DO UPDATE SET last_version = last_version + 1, updated_at = excluded.updated_at
        RETURNING last_version
        """;

    private const string InsertVersionSql = $"""
        INSERT INTO model_versions (model, version, digest, size_bytes, format, signature_json, description,
                                    tags_json, metrics_json, created_at)
        VALUES (@Model, @Version, @Digest, @SizeBytes, @Format, @SignatureJson, @Description,
                @TagsJson, @MetricsJson, @CreatedAt)
        RETURNING {VersionRow.Columns}
        """;

    private const string ListModelsSql = """
        SELECT m.name AS Name, MAX(v.version) AS LatestVersion, COUNT(*) AS VersionCount,
               m.created_at AS CreatedAt, m.updated_at AS UpdatedAt
        FROM models m JOIN model_versions v ON v.model = m.name
        GROUP BY m.name
        ORDER BY m.name
        """;

    public async Task<ModelVersion> CreateVersionAsync(NewModelVersion request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();

        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var version = await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(NextVersionSql, new { request.Model, Now = now }, transaction, cancellationToken: ct));

        var row = await connection.QuerySingleAsync<VersionRow>(new CommandDefinition(
            InsertVersionSql,
            new
            {
                request.Model,
                Version = version,
                request.Digest,
                request.SizeBytes,
                request.Format,
                SignatureJson = JsonSerializer.Serialize(request.Signature, StorageJsonContext.Default.ModelSignature),
                request.Description,
                TagsJson = JsonSerializer.Serialize(request.Tags, StorageJsonContext.Default.IReadOnlyDictionaryStringString),
                MetricsJson = JsonSerializer.Serialize(request.Metrics, StorageJsonContext.Default.IReadOnlyDictionaryStringDouble),
                CreatedAt = now,
            },
            transaction,
            cancellationToken: ct));

        await transaction.CommitAsync(ct);
        return row.ToModelVersion();
    }

    public async Task<ModelVersion?> GetVersionAsync(string model, int version, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            $"SELECT {VersionRow.Columns} FROM model_versions WHERE model = @model AND version = @version",
            new { model, version },
            cancellationToken: ct));
        return row?.ToModelVersion();
    }

    public async Task<ModelVersion?> GetLatestVersionAsync(string model, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            $"SELECT {VersionRow.Columns} FROM model_versions WHERE model = @model ORDER BY version DESC LIMIT 1",
            new { model },
            cancellationToken: ct));
        return row?.ToModelVersion();
    }

    public async Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string model, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition(
            $"SELECT {VersionRow.Columns} FROM model_versions WHERE model = @model ORDER BY version DESC",
            new { model },
            cancellationToken: ct));
        return [.. rows.Select(r => r.ToModelVersion())];
    }

    public async Task<IReadOnlyList<ModelSummary>> ListModelsAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<ModelSummaryRow>(new CommandDefinition(ListModelsSql, cancellationToken: ct));
        return [.. rows.Select(r => r.ToModelSummary())];
    }
}
