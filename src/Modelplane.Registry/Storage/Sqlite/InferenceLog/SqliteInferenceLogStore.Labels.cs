using Microsoft.Data.Sqlite;
using Modelplane.Registry.InferenceLog;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Storage.Sqlite.InferenceLog;

public sealed partial class SqliteInferenceLogStore
{
    private const string UpsertLabelSql = """
        INSERT INTO inference_labels (endpoint, request_id, label, at, received_at)
        VALUES ($endpoint, $request_id, $label, $at, $received_at)
        ON CONFLICT (endpoint, request_id) DO UPDATE SET label = excluded.label, at = excluded.at, received_at = excluded.received_at
        """;

    private const string LoggedSql =
        "SELECT EXISTS (SELECT 1 FROM inference_log WHERE endpoint = $endpoint AND request_id = $request_id)";

    /// <inheritdoc />
    public async Task<LabelResult> AddLabelsAsync(string endpoint, IReadOnlyList<GroundTruth> labels, CancellationToken ct)
    {
        RequireEndpoint(endpoint);
        ArgumentNullException.ThrowIfNull(labels);
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] is not { } truth || string.IsNullOrEmpty(truth.RequestId) || string.IsNullOrWhiteSpace(truth.Label))
            {
                throw new RegistryValidationException($"Label {i} needs a request id and a label.");
            }
        }

        if (labels.Count == 0)
        {
            return new LabelResult(0, 0, 0);
        }

        var receivedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var upsert = Command(connection, transaction, UpsertLabelSql, endpoint);
        var label = upsert.Parameters.Add("$label", SqliteType.Text);
        var at = upsert.Parameters.Add("$at", SqliteType.Integer);
        upsert.Parameters.Add("$received_at", SqliteType.Integer).Value = receivedAt;
        upsert.Prepare();
        await using var logged = Command(connection, transaction, LoggedSql, endpoint);
        logged.Prepare();

        var matched = 0;
        foreach (var truth in labels)
        {
            upsert.Parameters["$request_id"].Value = truth.RequestId;
            label.Value = truth.Label;
            at.Value = truth.At.ToUnixTimeMilliseconds();
            await upsert.ExecuteNonQueryAsync(ct);
            logged.Parameters["$request_id"].Value = truth.RequestId;
            if (await logged.ExecuteScalarAsync(ct) is long and not 0)
            {
                matched++;
            }
        }

        await transaction.CommitAsync(ct);
        return new LabelResult(labels.Count, matched, labels.Count - matched);
    }

    // A statement for this batch with the endpoint bound once and $request_id rebound per label.
    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, string endpoint)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.Add("$endpoint", SqliteType.Text).Value = endpoint;
        command.Parameters.Add("$request_id", SqliteType.Text);
        return command;
    }
}
