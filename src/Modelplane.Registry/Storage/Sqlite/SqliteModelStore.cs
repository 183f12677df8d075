using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
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

    private const string InsertVersionSql = """
        INSERT INTO model_versions (model, version, digest, size_bytes, format, signature_json, description,
                                    metrics_json, created_at, params_json, dataset_uri, dataset_sha256,
                                    code_repository, code_commit, run_id, created_by, author)
        VALUES (@Model, @Version, @Digest, @SizeBytes, @Format, @SignatureJson, @Description,
                @MetricsJson, @CreatedAt, @ParamsJson, @DatasetUri, @DatasetSha256,
                @CodeRepository, @CodeCommit, @RunId, @CreatedBy, @Author)
        """;

    private const string InsertTagSql =
        "INSERT INTO model_version_tags (model, version, key, value) VALUES (@Model, @Version, @Key, @Value)";

    // Searchable copies of the JSON columns (migration 0004): metrics.auc > 0.9 and params.depth = '6'.
    private const string InsertMetricSql =
        "INSERT INTO model_version_metrics (model, version, key, value) VALUES (@Model, @Version, @Key, @Value)";

    private const string InsertParamSql =
        "INSERT INTO model_version_params (model, version, key, value) VALUES (@Model, @Version, @Key, @Value)";

    private const string InsertParentSql =
        "INSERT INTO model_version_parents (model, version, parent) VALUES (@Model, @Version, @Parent)";

    private const string ListModelsSql = """
        SELECT m.name AS Name, MAX(v.version) AS LatestVersion, COUNT(*) AS VersionCount,
               m.created_at AS CreatedAt, m.updated_at AS UpdatedAt
        FROM models m JOIN model_versions v ON v.model = m.name AND v.deleted_at IS NULL
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
        await InsertVersionRowsAsync(connection, transaction, request, version, now, ct);

        var row = await VersionQueries.GetAsync(connection, request.Model, version, transaction, ct);
        await transaction.CommitAsync(ct);
        return row!;
    }

    /// <summary>
    /// Writes a version's row and its side tables (tags, searchable metrics and params, parents) under a number the
    /// caller has already reserved; imports reuse it so an imported version is stored exactly like a pushed one.
    /// </summary>
    internal static async Task InsertVersionRowsAsync(
        SqliteConnection connection, DbTransaction transaction, NewModelVersion request, long version, long createdAt, CancellationToken ct)
    {
        var lineage = request.Lineage;
        await InsertVersionAsync(connection, new CommandDefinition(
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
                MetricsJson = JsonSerializer.Serialize(request.Metrics, StorageJsonContext.Default.IReadOnlyDictionaryStringDouble),
                CreatedAt = createdAt,
                ParamsJson = JsonSerializer.Serialize(request.Params, StorageJsonContext.Default.IReadOnlyDictionaryStringString),
                lineage.DatasetUri,
                lineage.DatasetSha256,
                lineage.CodeRepository,
                lineage.CodeCommit,
                lineage.RunId,
                lineage.CreatedBy,
                request.Author,
            },
            transaction,
            cancellationToken: ct), request.Model);

        await connection.ExecuteAsync(new CommandDefinition(
            InsertTagSql,
            request.Tags.Select(t => new { request.Model, Version = version, t.Key, t.Value }),
            transaction,
            cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            InsertMetricSql,
            request.Metrics.Select(m => new { request.Model, Version = version, m.Key, m.Value }),
            transaction,
            cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            InsertParamSql,
            request.Params.Select(p => new { request.Model, Version = version, p.Key, p.Value }),
            transaction,
            cancellationToken: ct));
        await InsertParentsAsync(connection, transaction, request.Model, version, lineage.Parents, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO model_version_signatures (model, version, key_name, key_fingerprint, signature, signed_at)
            VALUES (@Model, @Version, @Key, @Fingerprint, @Signature, @SignedAt)
            ON CONFLICT (model, version, key_fingerprint) DO NOTHING
            """,
            request.Signatures.Select(s => new
            {
                request.Model,
                Version = version,
                s.Key,
                s.Fingerprint,
                Signature = Convert.ToBase64String(s.Signature),
                SignedAt = s.SignedAt.ToUnixTimeMilliseconds(),
            }),
            transaction,
            cancellationToken: ct));
    }

    public async Task<ModelVersion?> GetVersionAsync(string model, int version, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await VersionQueries.GetAsync(connection, model, version, null, ct);
    }

    public async Task<ModelVersion?> GetLatestVersionAsync(string model, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            $"{VersionRow.Select} WHERE v.model = @model AND v.deleted_at IS NULL ORDER BY v.version DESC LIMIT 1",
            new { model },
            cancellationToken: ct));
        return row?.ToModelVersion();
    }

    public async Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string model, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition(
            $"{VersionRow.Select} WHERE v.model = @model AND v.deleted_at IS NULL ORDER BY v.version DESC",
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

    // A soft-deleted model keeps its name until purge: the trigger of migration 0006 refuses the row.
    private static async Task InsertVersionAsync(SqliteConnection connection, CommandDefinition insert, string model)
    {
        try
        {
            await connection.ExecuteAsync(insert);
        }
        catch (SqliteException e) when (SqliteErrors.IsDeletedReference(e))
        {
            throw new ResourceConflictException(
                $"Model '{model}' is deleted; restore it (modelplane models restore {model}) or purge it before pushing new versions.");
        }
    }

    private static async Task InsertParentsAsync(
        SqliteConnection connection, DbTransaction transaction, string model, long version, IReadOnlyList<int> parents, CancellationToken ct)
    {
        foreach (var parent in parents.Distinct())
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    InsertParentSql, new { Model = model, Version = version, Parent = parent }, transaction, cancellationToken: ct));
            }
            catch (SqliteException e) when (SqliteErrors.IsMissingReference(e) || SqliteErrors.IsCheckFailure(e))
            {
                throw new ResourceNotFoundException($"Parent version {parent} of model '{model}' does not exist.");
            }
        }
    }
}
