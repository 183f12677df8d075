using System.Data.Common;
using System.Text.Json;
using Dapper;
using Modelplane.Registry.Tracking;

namespace Modelplane.Registry.Storage.Sqlite.Tracking;

internal sealed partial class SqliteTrackingStore
{
    // Row-value comparison keeps the value MLflow reports as "latest": highest step, then timestamp, then value.
    private const string UpsertLatestMetricSql = """
        INSERT INTO latest_metrics (run_uuid, key, value, is_nan, timestamp, step) VALUES (@runId, @Key, @Value, @IsNan, @Timestamp, @Step)
        ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value, is_nan = excluded.is_nan, timestamp = excluded.timestamp, step = excluded.step
        WHERE (excluded.step, excluded.timestamp, excluded.value) >= (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)
        """;

    private const string InsertMetricSql = """
        INSERT INTO metrics (run_uuid, key, value, is_nan, timestamp, step) VALUES (@runId, @Key, @Value, @IsNan, @Timestamp, @Step)
        ON CONFLICT DO NOTHING
        """;

    public async Task LogBatchAsync(string runId, RunBatch batch, CancellationToken ct)
    {
        TrackingValidation.ValidateBatch(batch);
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await RequireActiveRunAsync(connection, runId, ct);
        await CheckParamsUnchangedAsync(connection, transaction, runId, batch.Params, ct);

        var metrics = batch.Metrics.Select(m => new
        {
            runId,
            m.Key,
            Value = double.IsNaN(m.Value) ? 0 : m.Value,
            IsNan = double.IsNaN(m.Value),
            m.Timestamp,
            m.Step,
        }).ToList();
        await connection.ExecuteAsync(new CommandDefinition(InsertMetricSql, metrics, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(UpsertLatestMetricSql, metrics, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO params (run_uuid, key, value) VALUES (@runId, @Key, @Value) ON CONFLICT DO NOTHING",
            batch.Params.Select(p => new { runId, p.Key, p.Value }), transaction, cancellationToken: ct));
        await UpsertTagsAsync(connection, transaction, runId, batch.Tags, ct);

        // Setting the mlflow.runName tag renames the run, as in MLflow.
        if (batch.Tags.LastOrDefault(t => t.Key == RunNameTag) is { } rename)
        {
            TrackingValidation.ValidateName(rename.Value, "Run name");
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE runs SET name = @Value WHERE run_uuid = @runId", new { rename.Value, runId }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
    }

    public async Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var input in inputs)
        {
            ValidateDataset(input);
        }

        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await RequireActiveRunAsync(connection, runId, ct);
        var experimentId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT experiment_id FROM runs WHERE run_uuid = @runId", new { runId }, transaction, cancellationToken: ct));
        foreach (var input in inputs)
        {
            var d = input.Dataset;
            var datasetId = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                """
                INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, source_type, source, schema, profile)
                VALUES (@newId, @experimentId, @Name, @Digest, @SourceType, @Source, @Schema, @Profile)
                ON CONFLICT (experiment_id, name, digest) DO UPDATE SET name = excluded.name
                RETURNING dataset_uuid
                """,
                new { newId = Guid.NewGuid().ToString("N"), experimentId, d.Name, d.Digest, d.SourceType, d.Source, d.Schema, d.Profile },
                transaction, cancellationToken: ct));
            var tagsJson = JsonSerializer.Serialize(input.Tags, TrackingJsonContext.Default.IReadOnlyListTrackingTag);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO inputs (run_uuid, dataset_uuid, tags_json) VALUES (@runId, @datasetId, @tagsJson) ON CONFLICT DO UPDATE SET tags_json = excluded.tags_json",
                new { runId, datasetId, tagsJson }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
    }

    public async Task DeleteRunTagAsync(string runId, string key, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await RequireActiveRunAsync(connection, runId, ct);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM tags WHERE run_uuid = @runId AND key = @key", new { runId, key }, cancellationToken: ct));
        if (deleted == 0)
        {
            throw new ResourceNotFoundException($"No tag with name: {key} in run with id {runId}");
        }
    }

    public async Task<SearchPage<Metric>> GetMetricHistoryAsync(string runId, string key, int maxResults, string? pageToken, CancellationToken ct)
    {
        TrackingValidation.ValidateMaxResults(maxResults);
        var offset = PageTokens.Decode(pageToken);
        await using var connection = await connections.OpenAsync(ct);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM runs WHERE run_uuid = @runId", new { runId }, cancellationToken: ct)) == 0)
        {
            throw RunNotFound(runId);
        }

        var rows = (await connection.QueryAsync<MetricRow>(new CommandDefinition(
            $"SELECT {MetricRow.Columns} FROM metrics WHERE run_uuid = @runId AND key = @key ORDER BY step, timestamp, value LIMIT @limit OFFSET @offset",
            new { runId, key, limit = maxResults + 1, offset }, cancellationToken: ct))).ToList();
        var page = rows.Take(maxResults).Select(r => r.ToMetric()).ToList();
        return new SearchPage<Metric>(page, rows.Count > maxResults ? PageTokens.Encode(offset + maxResults) : null);
    }

    private static async Task CheckParamsUnchangedAsync(
        DbConnection connection, DbTransaction transaction, string runId, IReadOnlyList<TrackingTag> parameters, CancellationToken ct)
    {
        if (parameters.Count == 0)
        {
            return;
        }

        var keys = parameters.Select(p => p.Key).ToArray();
        var logged = (await connection.QueryAsync<(string Key, string Value)>(new CommandDefinition(
            "SELECT key, value FROM params WHERE run_uuid = @runId AND key IN @keys", new { runId, keys }, transaction, cancellationToken: ct)))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            if (logged.TryGetValue(p.Key, out var old) && old != p.Value)
            {
                throw TrackingValidation.Invalid(
                    $"Changing param values is not allowed. Param with key='{p.Key}' was already logged with value='{old}' for run ID='{runId}'. Attempted logging new value '{p.Value}'.");
            }
        }
    }

    private static void ValidateDataset(DatasetInput input)
    {
        var d = input?.Dataset ?? throw TrackingValidation.Invalid("A dataset input has no dataset.");
        foreach (var (field, value) in new[] { ("name", d.Name), ("digest", d.Digest), ("source_type", d.SourceType), ("source", d.Source) })
        {
            if (string.IsNullOrEmpty(value))
            {
                throw TrackingValidation.Invalid($"Missing value for required parameter 'dataset.{field}'.");
            }
        }

        TrackingValidation.ValidateName(d.Name, "Dataset name");
        foreach (var tag in input.Tags)
        {
            TrackingValidation.ValidateTag(tag);
        }
    }
}
