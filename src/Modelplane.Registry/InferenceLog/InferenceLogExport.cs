using System.Globalization;
using System.Text;
using Modelplane.Registry.Export;

namespace Modelplane.Registry.InferenceLog;

/// <summary>Writes logged predictions as CSV for a spreadsheet or as Parquet for a notebook or a warehouse.</summary>
public static partial class InferenceLogExport
{
    /// <summary>The column names of both formats, in order.</summary>
    public static IReadOnlyList<string> Fields { get; } =
        ["request_id", "at", "endpoint", "model", "version", "inputs", "outputs", "latency_ms", "status", "route", "caller"];

    /// <summary>
    /// Writes RFC 4180 CSV (a header row, CRLF line ends, quoting where needed) with the audit export's rules, so a
    /// caller-chosen cell starting with <c>= + - @</c> cannot run as a formula; times are ISO-8601 UTC, nulls empty.
    /// </summary>
    public static async Task WriteCsvAsync(IReadOnlyList<InferenceLogRecord> rows, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteAsync(CsvCells.Row(Fields)).ConfigureAwait(false);
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                await writer.WriteAsync(CsvCells.Row(Values(row))).ConfigureAwait(false);
            }

            await writer.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    // A record's cells as text in Fields order; null where the record has no value.
    private static string?[] Values(InferenceLogRecord record)
    {
        return
        [
            record.RequestId,
            CsvCells.FormatTime(record.At),
            record.Endpoint,
            record.Model,
            record.Version.ToString(CultureInfo.InvariantCulture),
            record.Inputs,
            record.Outputs,
            record.LatencyMs.ToString("R", CultureInfo.InvariantCulture),
            record.Status.ToString(CultureInfo.InvariantCulture),
            record.Route,
            record.Caller,
        ];
    }
}
