using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Modelplane.Registry.Tracking;

namespace Modelplane.Registry.Storage.Sqlite.Tracking;

internal sealed partial class SqliteTrackingStore
{
    private const string RunNameTag = "mlflow.runName";

    public async Task<Run> CreateRunAsync(NewRun request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var experimentId = await RequireExperimentAsync(request.ExperimentId, mustBeActive: true, ct);
        var experiment = (await GetExperimentAsync(request.ExperimentId, ct))!;
        var tags = request.Tags.ToList();
        var name = request.RunName
            ?? tags.LastOrDefault(t => t.Key == RunNameTag)?.Value
            ?? RunNames.Generate();
        TrackingValidation.ValidateName(name, "Run name");
        TrackingValidation.ValidateBatch(new RunBatch([], [], tags));
        tags.RemoveAll(t => t.Key == RunNameTag);
        tags.Add(new TrackingTag(RunNameTag, name));

        var runId = Guid.NewGuid().ToString("N");
        var row = new
        {
            runId,
            experimentId,
            name,
            userId = request.UserId ?? "",
            startTime = request.StartTime ?? Now(),
            artifactUri = $"{experiment.ArtifactLocation.TrimEnd('/')}/{runId}/artifacts",
        };
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage)
            VALUES (@runId, @experimentId, @name, @userId, 'RUNNING', @startTime, NULL, @artifactUri, 'active')
            """, row, transaction, cancellationToken: ct));
        await UpsertTagsAsync(connection, transaction, runId, tags, ct);
        await transaction.CommitAsync(ct);
        return (await LoadRunsAsync(connection, [runId], ct))[0];
    }

    public async Task<Run?> GetRunAsync(string runId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var runs = await LoadRunsAsync(connection, [runId ?? ""], ct);
        return runs.Count == 0 ? null : runs[0];
    }

    public async Task<RunInfo> UpdateRunAsync(string runId, RunUpdate update, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Status is not null)
        {
            TrackingValidation.ValidateStatus(update.Status);
        }

        if (update.RunName is not null)
        {
            TrackingValidation.ValidateName(update.RunName, "Run name");
        }

        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await RequireActiveRunAsync(connection, runId, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE runs SET status = coalesce(@Status, status), end_time = coalesce(@EndTime, end_time), name = coalesce(@RunName, name)
            WHERE run_uuid = @runId
            """, new { update.Status, update.EndTime, update.RunName, runId }, transaction, cancellationToken: ct));
        if (update.RunName is not null)
        {
            await UpsertTagsAsync(connection, transaction, runId, [new TrackingTag(RunNameTag, update.RunName)], ct);
        }

        await transaction.CommitAsync(ct);
        return (await LoadRunsAsync(connection, [runId], ct))[0].Info;
    }

    public async Task SetRunLifecycleAsync(string runId, string lifecycleStage, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE runs SET lifecycle_stage = @lifecycleStage WHERE run_uuid = @runId", new { lifecycleStage, runId }, cancellationToken: ct));
        if (changed == 0)
        {
            throw RunNotFound(runId);
        }
    }

    private static async Task RequireActiveRunAsync(DbConnection connection, string runId, CancellationToken ct)
    {
        var stage = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT lifecycle_stage FROM runs WHERE run_uuid = @runId", new { runId }, cancellationToken: ct))
            ?? throw RunNotFound(runId);
        if (stage != LifecycleStages.Active)
        {
            throw TrackingValidation.Invalid($"The run {runId} must be in the 'active' state. Current state is {stage}.");
        }
    }

    private static ResourceNotFoundException RunNotFound(string runId) => new($"Run with id={runId} not found");

    private static Task<int> UpsertTagsAsync(DbConnection connection, DbTransaction transaction, string runId, IEnumerable<TrackingTag> tags, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO tags (run_uuid, key, value) VALUES (@runId, @Key, @Value) ON CONFLICT DO UPDATE SET value = excluded.value",
            tags.Select(t => new { runId, t.Key, t.Value }), transaction, cancellationToken: ct));

    /// <summary>Loads whole runs in the order of <paramref name="runIds"/>; unknown ids are skipped.</summary>
    private static async Task<IReadOnlyList<Run>> LoadRunsAsync(DbConnection connection, IReadOnlyList<string> runIds, CancellationToken ct)
    {
        var ids = runIds.ToArray();
        var infos = (await connection.QueryAsync<RunRow>(new CommandDefinition(
            $"SELECT {RunRow.Columns} FROM runs r WHERE r.run_uuid IN @ids", new { ids }, cancellationToken: ct)))
            .ToDictionary(r => r.RunId, StringComparer.Ordinal);
        if (infos.Count == 0)
        {
            return [];
        }

        var metrics = (await connection.QueryAsync<MetricRow>(new CommandDefinition(
            $"SELECT {MetricRow.Columns} FROM latest_metrics WHERE run_uuid IN @ids ORDER BY key", new { ids }, cancellationToken: ct)))
            .ToLookup(m => m.RunId, m => m.ToMetric());
        var parameters = await LoadKeyValuesAsync(connection, "params", ids, ct);
        var tags = await LoadKeyValuesAsync(connection, "tags", ids, ct);
        var inputs = (await connection.QueryAsync<InputRow>(new CommandDefinition(
            """
            SELECT i.run_uuid AS RunId, d.name AS Name, d.digest AS Digest, d.source_type AS SourceType, d.source AS Source,
                   d.schema AS Schema, d.profile AS Profile, i.tags_json AS TagsJson
            FROM inputs i JOIN datasets d ON d.dataset_uuid = i.dataset_uuid
            WHERE i.run_uuid IN @ids ORDER BY d.name, d.digest
            """, new { ids }, cancellationToken: ct)))
            .ToLookup(i => i.RunId, i => new DatasetInput(
                new Dataset(i.Name, i.Digest, i.SourceType, i.Source, i.Schema, i.Profile),
                JsonSerializer.Deserialize(i.TagsJson, TrackingJsonContext.Default.IReadOnlyListTrackingTag) ?? []));

        return [.. ids.Where(infos.ContainsKey).Select(id => new Run(
            infos[id].ToInfo(),
            new RunData([.. metrics[id]], [.. parameters[id]], [.. tags[id]]),
            [.. inputs[id]]))];
    }

    private static async Task<ILookup<string, TrackingTag>> LoadKeyValuesAsync(DbConnection connection, string table, string[] ids, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<KeyValueRow>(new CommandDefinition(
            $"SELECT run_uuid AS Owner, key AS Key, value AS Value FROM {table} WHERE run_uuid IN @ids ORDER BY key", new { ids }, cancellationToken: ct));
        return rows.ToLookup(r => r.Owner, r => new TrackingTag(r.Key, r.Value));
    }
}

/// <summary>Readable generated run names in MLflow's adjective-noun-number style.</summary>
internal static class RunNames
{
    private static readonly string[] Adjectives = ["amber", "brisk", "calm", "daring", "eager", "gentle", "honest", "lucid", "merry", "quiet", "rapid", "steady"];
    private static readonly string[] Nouns = ["otter", "falcon", "lynx", "heron", "badger", "finch", "panda", "whale", "moth", "crane", "fox", "wren"];

    public static string Generate() => string.Create(CultureInfo.InvariantCulture,
        $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}-{Nouns[Random.Shared.Next(Nouns.Length)]}-{Random.Shared.Next(1000)}");
}
