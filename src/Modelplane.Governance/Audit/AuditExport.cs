using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Modelplane.Registry.Export;

namespace Modelplane.Governance.Audit;

/// <summary>Writes audit records as JSON lines or CSV, one record at a time, so an export never sits in memory whole.</summary>
public static class AuditExport
{
    /// <summary>The CSV header, which is also the JSON field names and order.</summary>
    public static IReadOnlyList<string> Fields { get; } =
        ["seq", "time", "workspace", "actor", "action", "target", "outcome", "status", "before", "after", "client_address", "request_id", "prev_hash", "hash"];

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes one JSON object per line (<c>application/x-ndjson</c>), every field present, nulls as null.</summary>
    public static async Task WriteJsonLinesAsync(IAsyncEnumerable<AuditRecord> records, Stream destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var buffer = new MemoryStream();
        await foreach (var record in records.WithCancellation(ct).ConfigureAwait(false))
        {
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer, JsonOptions))
            {
                var values = Values(record);
                json.WriteStartObject();
                json.WriteNumber(Fields[0], record.Seq);
                for (var i = 1; i < Fields.Count; i++)
                {
                    if (i == 7 && record.Status is { } status)
                    {
                        json.WriteNumber(Fields[i], status);
                    }
                    else if (values[i] is null)
                    {
                        json.WriteNull(Fields[i]);
                    }
                    else
                    {
                        json.WriteString(Fields[i], values[i]);
                    }
                }

                json.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
            await destination.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes RFC 4180 CSV: a header row, CRLF line ends, fields holding a comma, quote or line break quoted. A field a
    /// spreadsheet would run as a formula (starting with <c>= + - @</c>, tab or CR: a request path or summary a caller
    /// chose) is prefixed with <c>'</c>, so opening the export cannot execute it; JSON Lines keeps every value as recorded.
    /// </summary>
    public static async Task WriteCsvAsync(IAsyncEnumerable<AuditRecord> records, Stream destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(records);
        var writer = new StreamWriter(destination, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteAsync(CsvCells.Row(Fields)).ConfigureAwait(false);
            await foreach (var record in records.WithCancellation(ct).ConfigureAwait(false))
            {
                await writer.WriteAsync(CsvCells.Row(Values(record))).ConfigureAwait(false);
            }

            await writer.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>A record's fields as text in <see cref="Fields"/> order; null where the record has no value.</summary>
    public static string?[] Values(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return
        [
            record.Seq.ToString(CultureInfo.InvariantCulture),
            FormatTime(record.Time),
            record.Workspace,
            record.Actor,
            record.Action,
            record.Target,
            AuditOutcomes.Name(record.Outcome),
            record.Status?.ToString(CultureInfo.InvariantCulture),
            record.Before,
            record.After,
            record.ClientAddress,
            record.RequestId,
            record.PrevHash,
            record.Hash,
        ];
    }

    /// <summary>ISO-8601 in UTC with milliseconds, e.g. <c>2025-01-31T12:00:00.123Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) => CsvCells.FormatTime(time);
}
