using Microsoft.Data.Sqlite;
using Modelplane.Registry.InferenceLog;

namespace Modelplane.Registry.Storage.Sqlite.InferenceLog;

public sealed partial class SqliteInferenceLogStore
{
    private const string InsertSql = """
        INSERT INTO inference_log (request_id, at, endpoint, model, version, inputs, outputs, latency_ms, status, route, caller)
        VALUES ($request_id, $at, $endpoint, $model, $version, $inputs, $outputs, $latency_ms, $status, $route, $caller)
        """;

    /// <inheritdoc />
    public async Task AppendAsync(IReadOnlyList<InferenceLogRecord> batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InsertSql;

        // One statement compiled once and rebound per row: parsing the INSERT for every row, or a Dapper call per row,
        // costs more than SQLite's insert itself and would cap the writer well below the sampled traffic.
        var requestId = command.Parameters.Add("$request_id", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Integer);
        var endpoint = command.Parameters.Add("$endpoint", SqliteType.Text);
        var model = command.Parameters.Add("$model", SqliteType.Text);
        var version = command.Parameters.Add("$version", SqliteType.Integer);
        var inputs = command.Parameters.Add("$inputs", SqliteType.Text);
        var outputs = command.Parameters.Add("$outputs", SqliteType.Text);
        var latency = command.Parameters.Add("$latency_ms", SqliteType.Real);
        var status = command.Parameters.Add("$status", SqliteType.Integer);
        var route = command.Parameters.Add("$route", SqliteType.Text);
        var caller = command.Parameters.Add("$caller", SqliteType.Text);
        command.Prepare();

        foreach (var record in batch)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(batch));
            requestId.Value = record.RequestId;
            at.Value = record.At.ToUnixTimeMilliseconds();
            endpoint.Value = record.Endpoint;
            model.Value = record.Model;
            version.Value = record.Version;
            inputs.Value = record.Inputs;
            outputs.Value = (object?)record.Outputs ?? DBNull.Value;
            latency.Value = record.LatencyMs;
            status.Value = record.Status;
            route.Value = record.Route;
            caller.Value = (object?)record.Caller ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }
}
