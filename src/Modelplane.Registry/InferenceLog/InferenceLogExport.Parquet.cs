using Parquet;
using Parquet.Schema;

namespace Modelplane.Registry.InferenceLog;

public static partial class InferenceLogExport
{
    private static readonly DataField<string> RequestId = new("request_id", nullable: false);
    private static readonly DateTimeDataField At = new("at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: false);
    private static readonly DataField<string> Endpoint = new("endpoint", nullable: false);
    private static readonly DataField<string> Model = new("model", nullable: false);
    private static readonly DataField<int> Version = new("version", nullable: false);
    private static readonly DataField<string> Inputs = new("inputs", nullable: false);
    private static readonly DataField<string> Outputs = new("outputs", nullable: true);
    private static readonly DataField<double> LatencyMs = new("latency_ms", nullable: false);
    private static readonly DataField<int> Status = new("status", nullable: false);
    private static readonly DataField<string> Route = new("route", nullable: false);
    private static readonly DataField<string> Caller = new("caller", nullable: true);

    // The columns of Fields, in order; `at` is a UTC timestamp in milliseconds, the precision the log keeps.
    private static readonly ParquetSchema Schema =
        new(RequestId, At, Endpoint, Model, Version, Inputs, Outputs, LatencyMs, Status, Route, Caller);

    /// <summary>
    /// Writes the rows as one Parquet row group: a query result is bounded by its limit, and one group is what every
    /// reader handles best. Parquet needs a seekable stream; for an HTTP response, write to a buffer or a temp file first.
    /// </summary>
    public static async Task WriteParquetAsync(IReadOnlyList<InferenceLogRecord> rows, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        var writer = await ParquetWriter.CreateAsync(Schema, output, cancellationToken: ct).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            using (var group = writer.CreateRowGroup())
            {
                await group.WriteAsync(RequestId, Column(rows, r => r.RequestId)).ConfigureAwait(false);
                await group.WriteAsync<DateTime>(At, Column(rows, r => r.At.UtcDateTime), cancellationToken: ct).ConfigureAwait(false);
                await group.WriteAsync(Endpoint, Column(rows, r => r.Endpoint)).ConfigureAwait(false);
                await group.WriteAsync(Model, Column(rows, r => r.Model)).ConfigureAwait(false);
                await group.WriteAsync<int>(Version, Column(rows, r => r.Version), cancellationToken: ct).ConfigureAwait(false);
                await group.WriteAsync(Inputs, Column(rows, r => r.Inputs)).ConfigureAwait(false);
                await group.WriteAsync(Outputs, Column(rows, r => r.Outputs)).ConfigureAwait(false);
                await group.WriteAsync<double>(LatencyMs, Column(rows, r => r.LatencyMs), cancellationToken: ct).ConfigureAwait(false);
                await group.WriteAsync<int>(Status, Column(rows, r => r.Status), cancellationToken: ct).ConfigureAwait(false);
                await group.WriteAsync(Route, Column(rows, r => r.Route)).ConfigureAwait(false);
                await group.WriteAsync(Caller, Column(rows, r => r.Caller)).ConfigureAwait(false);
                group.CompleteValidate();
            }
        }
    }

    private static T[] Column<T>(IReadOnlyList<InferenceLogRecord> rows, Func<InferenceLogRecord, T> value)
    {
        var column = new T[rows.Count];
        for (var i = 0; i < column.Length; i++)
        {
            column[i] = value(rows[i]);
        }

        return column;
    }
}
