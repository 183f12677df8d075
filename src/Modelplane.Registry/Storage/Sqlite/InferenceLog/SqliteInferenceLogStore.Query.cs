using System.Text;
using Dapper;
using Modelplane.Registry.InferenceLog;

namespace Modelplane.Registry.Storage.Sqlite.InferenceLog;

public sealed partial class SqliteInferenceLogStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<InferenceLogRecord>> QueryAsync(InferenceLogQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();

        // Only the filters given become SQL, so the planner sees plain equalities and ranges on the indexed columns.
        // With a request id it must take the (endpoint, request_id) index: without statistics it would rather walk
        // (endpoint, at) backwards to skip the sort, which reads every record of the endpoint for one request.
        var sql = new StringBuilder($"SELECT {InferenceLogRow.Columns} FROM inference_log l");
        sql.Append(query.RequestId is null ? " WHERE" : " INDEXED BY inference_log_endpoint_request WHERE");
        sql.Append(" l.endpoint = @Endpoint");
        if (query.Version is not null)
        {
            sql.Append(" AND l.version = @Version");
        }

        if (query.Model is not null)
        {
            sql.Append(" AND l.model = @Model");
        }

        if (query.Since is not null)
        {
            sql.Append(" AND l.at >= @Since");
        }

        if (query.Until is not null)
        {
            sql.Append(" AND l.at < @Until");
        }

        if (query.RequestId is not null)
        {
            sql.Append(" AND l.request_id = @RequestId");
        }

        sql.Append(" ORDER BY l.at DESC, l.id DESC LIMIT @Limit");
        var args = new
        {
            query.Endpoint,
            query.Version,
            query.Model,
            Since = query.Since?.ToUnixTimeMilliseconds(),
            Until = query.Until?.ToUnixTimeMilliseconds(),
            query.RequestId,
            query.Limit,
        };
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<InferenceLogRow>(new CommandDefinition(sql.ToString(), args, cancellationToken: ct));
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LabeledPrediction>> LabeledAsync(string endpoint, DateTimeOffset since, CancellationToken ct)
    {
        RequireEndpoint(endpoint);
        var sql = $"""
            SELECT {InferenceLogRow.Columns}, {InferenceLabelRow.Columns}
            FROM inference_log l
            JOIN inference_labels b ON b.endpoint = l.endpoint AND b.request_id = l.request_id
            WHERE l.endpoint = @endpoint AND l.at >= @since
            ORDER BY l.at DESC, l.id DESC
            """;
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<InferenceLogRow, InferenceLabelRow, LabeledPrediction>(
            new CommandDefinition(sql, new { endpoint, since = since.ToUnixTimeMilliseconds() }, cancellationToken: ct),
            (record, label) => new LabeledPrediction(record.ToRecord(), label.Label, DateTimeOffset.FromUnixTimeMilliseconds(label.LabeledAt)),
            splitOn: nameof(InferenceLabelRow.Label));
        return [.. rows];
    }
}
