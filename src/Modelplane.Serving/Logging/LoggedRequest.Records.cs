using System.Text.Json;

namespace Modelplane.Serving.Logging;

/// <summary>MLflow <c>dataframe_records</c> (normalised to columns and rows) and <c>instances</c>/<c>inputs</c> (kept as given).</summary>
public static partial class LoggedRequest
{
    /// <summary>Writes <c>[{col: value}, ...]</c> as <c>{"columns":[...],"data":[[...]]}</c>: columns in first-seen order, missing cells null.</summary>
    private static bool WriteRecords(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, LogWriter log)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }
        // A first pass over the keys only: a later record may add a column, and every row needs all of them.
        var columns = new RecordColumns();
        var scan = reader;
        while (scan.Read() && scan.TokenType != JsonTokenType.EndArray)
        {
            if (scan.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (scan.Read() && scan.TokenType == JsonTokenType.PropertyName)
            {
                if (columns.IndexOf(ref scan) < 0)
                {
                    columns.Add(ref scan);
                }
                scan.Skip();
            }
        }

        var redacted = new bool[columns.Count];
        log.Json.WriteStartObject();
        log.Json.WriteStartArray("columns"u8);
        for (var column = 0; column < columns.Count; column++)
        {
            log.Json.WriteStringValue(columns.Name(column));
            redacted[column] = log.Redactor.Redacts(columns.Name(column));
        }
        log.Json.WriteEndArray();

        log.Json.WriteStartArray("data"u8);
        var starts = new int[columns.Count];
        var ends = new int[columns.Count];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            starts.AsSpan().Fill(-1);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var column = columns.IndexOf(ref reader);
                reader.Read();
                starts[column] = (int)reader.TokenStartIndex;
                reader.Skip();
                ends[column] = (int)reader.BytesConsumed;
            }
            log.Json.WriteStartArray();
            for (var column = 0; column < columns.Count; column++)
            {
                if (starts[column] < 0)
                {
                    log.Json.WriteNullValue();
                    continue;
                }
                var cell = json[starts[column]..ends[column]];
                var value = new Utf8JsonReader(cell);
                value.Read();
                if (redacted[column])
                {
                    log.WriteHash(ref value, cell);
                }
                else if (!log.Copy(ref value, cell))
                {
                    return false;
                }
            }
            log.Json.WriteEndArray();
            if (log.Full)
            {
                return false;
            }
        }
        log.Json.WriteEndArray();
        log.Json.WriteEndObject();
        return true;
    }

    /// <summary>Writes <c>instances</c> or <c>inputs</c> as given, hashing the values of redacted keys wherever values are named.</summary>
    /// <remarks>A plain list of rows names no column, so nothing in it can be redacted.</remarks>
    private static bool WriteTensorField(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, LogWriter log)
    {
        if (log.Redactor.IsEmpty || reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return log.Copy(ref reader, json);
        }
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return WriteNamed(ref reader, json, log, columns: true);
        }
        log.Json.WriteStartArray();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var written = reader.TokenType == JsonTokenType.StartObject
                ? WriteNamed(ref reader, json, log, columns: false)
                : log.Copy(ref reader, json);
            if (!written)
            {
                return false;
            }
        }
        log.Json.WriteEndArray();
        return true;
    }

    /// <summary>
    /// Writes an object of named values: with <paramref name="columns"/>, a dict of name → list of values, where each
    /// element of a redacted list is hashed (so rows stay comparable); otherwise one record, whose redacted values are hashed whole.
    /// </summary>
    private static bool WriteNamed(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, LogWriter log, bool columns)
    {
        log.Json.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var redact = log.Redactor.Redacts(ref reader);
            log.WritePropertyName(ref reader);
            reader.Read();
            if (!redact)
            {
                if (!log.Copy(ref reader, json))
                {
                    return false;
                }
                continue;
            }
            if (columns && reader.TokenType == JsonTokenType.StartArray)
            {
                log.Json.WriteStartArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    log.WriteHash(ref reader, json);
                }
                log.Json.WriteEndArray();
            }
            else
            {
                log.WriteHash(ref reader, json);
            }
            if (log.Full)
            {
                return false;
            }
        }
        log.Json.WriteEndObject();
        return true;
    }
}
