using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Models;
using Modelplane.Registry.Storage.Sqlite.Tracking;
using Modelplane.Registry.Tracking;
using Modelplane.Registry.Tracking.Search;

namespace Modelplane.Registry.Storage.Sqlite;

/// <summary>Stages and registration sources in <c>model_version_stages</c>; a version without a row is in stage None.</summary>
internal sealed class SqliteVersionStageStore(SqliteConnectionFactory connections, TimeProvider time) : IVersionStageStore
{
    private const string SelectSql = """
        SELECT v.model AS Model, v.version AS Version, COALESCE(s.stage, 'None') AS Stage, s.source AS Source, s.run_link AS RunLink,
               s.updated_at AS UpdatedAt
        FROM model_versions v LEFT JOIN model_version_stages s ON s.model = v.model AND s.version = v.version
        WHERE v.deleted_at IS NULL
        """;

    private const string OneVersionSql = SelectSql + " AND v.model = @model AND v.version = @version";

    // The owner of a version search: one row per version with the attributes MLflow's filter names.
    private const string Owner = """
        (SELECT v.model, v.version, v.created_at, COALESCE(v.run_id, '') AS run_id, COALESCE(s.source, '') AS source,
                COALESCE(s.updated_at, v.created_at) AS updated_at
         FROM model_versions v LEFT JOIN model_version_stages s ON s.model = v.model AND s.version = v.version
         WHERE v.deleted_at IS NULL)
        """;

    private static readonly Dictionary<string, SearchColumn> Attributes = new(StringComparer.Ordinal)
    {
        ["name"] = new("model", false),
        ["version_number"] = new("version", true),
        ["run_id"] = new("run_id", false),
        ["source_path"] = new("source", false),
        ["creation_timestamp"] = new("created_at", true),
        ["timestamp"] = new("created_at", true),
        ["last_updated_timestamp"] = new("updated_at", true),
    };

    public async Task RecordSourceAsync(string model, int version, string source, string? runLink, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO model_version_stages (model, version, source, run_link, updated_at) VALUES (@model, @version, @source, @runLink, @now)
                ON CONFLICT (model, version) DO UPDATE SET source = excluded.source, run_link = excluded.run_link, updated_at = excluded.updated_at
                """,
                new { model, version, source, runLink, now = Now() },
                cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsMissingReference(e))
        {
            throw VersionQueries.NotFound(model, version);
        }
    }

    public async Task<VersionStage?> GetAsync(string model, int version, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<StageRow>(new CommandDefinition(
            OneVersionSql, new { model, version }, cancellationToken: ct));
        return row?.ToStage();
    }

    public async Task<IReadOnlyList<VersionStage>> ListAsync(string model, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<StageRow>(new CommandDefinition(
            $"{SelectSql} AND v.model = @model ORDER BY v.version", new { model }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToStage())];
    }

    public async Task<VersionStage> TransitionAsync(string model, int version, string stage, bool archiveExisting, CancellationToken ct)
    {
        var canonical = VersionStages.Normalize(stage)
            ?? throw new RegistryValidationException($"Invalid Model Version stage: {stage}. Value must be one of {string.Join(", ", VersionStages.All)}.");
        var now = Now();
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO model_version_stages (model, version, stage, updated_at) VALUES (@model, @version, @stage, @now)
                ON CONFLICT (model, version) DO UPDATE SET stage = excluded.stage, updated_at = excluded.updated_at
                """,
                new { model, version, stage = canonical, now },
                transaction,
                cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsMissingReference(e))
        {
            throw VersionQueries.NotFound(model, version);
        }

        if (archiveExisting && canonical is VersionStages.Staging or VersionStages.Production)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE model_version_stages SET stage = 'Archived', updated_at = @now
                WHERE model = @model AND stage = @stage AND version != @version
                  AND version IN (SELECT version FROM model_versions WHERE model = @model AND deleted_at IS NULL)
                """,
                new { model, version, stage = canonical, now },
                transaction,
                cancellationToken: ct));
        }

        var row = await connection.QuerySingleAsync<StageRow>(new CommandDefinition(
            OneVersionSql, new { model, version }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return row.ToStage();
    }

    public async Task<SearchPage<(string Model, int Version)>> SearchAsync(
        string? filter, IReadOnlyList<string>? orderBy, int maxResults, string? pageToken, CancellationToken ct)
    {
        if (maxResults < 1)
        {
            throw new RegistryValidationException($"Invalid value {maxResults} for parameter 'max_results': it must be at least 1.");
        }

        var offset = PageTokens.Decode(pageToken);
        var translator = new SqliteSearchTranslator("filter", filter ?? "", "model, version", Attributes, null, null, "model_version_tags");
        var where = translator.Where(SearchFilter.Parse(filter));
        var order = translator.OrderBy(orderBy, "owner.model ASC, owner.version DESC");
        translator.Parameters.Add("limit", maxResults + 1);
        translator.Parameters.Add("offset", offset);

        await using var connection = await connections.OpenAsync(ct);
        var keys = (await connection.QueryAsync<(string Model, long Version)>(new CommandDefinition(
            $"SELECT owner.model, owner.version FROM {Owner} owner WHERE {where} ORDER BY {order} LIMIT @limit OFFSET @offset",
            translator.Parameters,
            cancellationToken: ct))).ToList();
        return new SearchPage<(string, int)>(
            [.. keys.Take(maxResults).Select(k => (k.Model, checked((int)k.Version)))],
            keys.Count > maxResults ? PageTokens.Encode(offset + maxResults) : null);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private sealed class StageRow
    {
        public string Model { get; set; } = "";
        public long Version { get; set; }
        public string Stage { get; set; } = VersionStages.None;
        public string? Source { get; set; }
        public string? RunLink { get; set; }
        public long? UpdatedAt { get; set; }

        public VersionStage ToStage() => new(
            Model, checked((int)Version), Stage, Source, RunLink, UpdatedAt is { } t ? DateTimeOffset.FromUnixTimeMilliseconds(t) : null);
    }
}
