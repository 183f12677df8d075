using System.Text.Json;
using System.Text.Unicode;

namespace Modelplane.Serving.Logging;

/// <summary>MLflow scoring JSON: dataframes normalised to columns and rows; <c>instances</c> and <c>inputs</c> kept as given.</summary>
public static partial class LoggedRequest
{
    private enum MlflowField
    {
        None,
        Split,
        Records,
        Tensor,
    }

    /// <summary>Writes the one input field of the body; false when there is none, or more than one.</summary>
    private static bool WriteMlflow(ReadOnlySpan<byte> json, LogWriter log)
    {
        var reader = new Utf8JsonReader(json);
        if (!Utf8.IsValid(json) || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }
        var found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueTextEquals("dataframe_split"u8) ? MlflowField.Split
                : reader.ValueTextEquals("dataframe_records"u8) ? MlflowField.Records
                : reader.ValueTextEquals("instances"u8) || reader.ValueTextEquals("inputs"u8) ? MlflowField.Tensor
                : MlflowField.None;
            if (field == MlflowField.None)
            {
                // params are not stored: the model's inputs are what drift and quality look at.
                reader.Skip();
                continue;
            }
            if (found)
            {
                return false;
            }
            found = true;
            reader.Read();
            var written = field switch
            {
                MlflowField.Split => WriteSplit(ref reader, json, log),
                MlflowField.Records => WriteRecords(ref reader, json, log),
                _ => WriteTensorField(ref reader, json, log),
            };
            if (!written)
            {
                return false;
            }
        }
        // Surfaces trailing content after the root object as invalid JSON.
        reader.Read();
        return found;
    }

    /// <summary><c>{"columns":[...],"index":[...],"data":[[...]]}</c>: written as columns then data, without the index.</summary>
    private static bool WriteSplit(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, LogWriter log)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }
        log.Json.WriteStartObject();
        bool[]? redacted = null;
        var hasColumns = false;
        var hasData = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("columns"u8) && !hasColumns)
            {
                reader.Read();
                hasColumns = true;
                if (!WriteColumns(ref reader, json, log, out redacted))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("data"u8) && !hasData)
            {
                if (!hasColumns)
                {
                    // The columns must be known before the rows; pandas writes them first, other clients may not.
                    hasColumns = true;
                    var columns = FindProperty(reader, "columns"u8);
                    if (!WriteColumns(ref columns, json, log, out redacted))
                    {
                        return false;
                    }
                }
                hasData = true;
                reader.Read();
                log.Json.WritePropertyName("data"u8);
                if (!WriteRows(ref reader, json, log, redacted))
                {
                    return false;
                }
            }
            else
            {
                reader.Skip();
            }
        }
        log.Json.WriteEndObject();
        return hasData;
    }

    /// <summary>Writes <c>"columns":[...]</c> from the reader's array (an empty list when the reader is on no array).</summary>
    private static bool WriteColumns(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, LogWriter log, out bool[]? redacted)
    {
        redacted = null;
        log.Json.WritePropertyName("columns"u8);
        if (reader.TokenType == JsonTokenType.None)
        {
            log.Json.WriteStartArray();
            log.Json.WriteEndArray();
            return true;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }
        var flags = log.Redactor.IsEmpty ? null : new List<bool>();
        log.Json.WriteStartArray();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            flags?.Add(reader.TokenType == JsonTokenType.String && log.Redactor.Redacts(ref reader));
            if (!log.Copy(ref reader, json))
            {
                return false;
            }
        }
        log.Json.WriteEndArray();
        redacted = flags?.ToArray();
        return true;
    }

    /// <summary>Writes a list of rows, hashing each cell of a redacted column.</summary>
    private static bool WriteRows(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, LogWriter log, bool[]? redacted)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }
        if (redacted is null || !redacted.Contains(true))
        {
            return log.Copy(ref reader, json);
        }
        log.Json.WriteStartArray();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }
            log.Json.WriteStartArray();
            for (var column = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; column++)
            {
                if (column < redacted.Length && redacted[column])
                {
                    log.WriteHash(ref reader, json);
                }
                else if (!log.Copy(ref reader, json))
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
        return true;
    }

    /// <summary>A copy of the reader on the value of a later property <paramref name="name"/> of the same object, or on nothing when absent.</summary>
    private static Utf8JsonReader FindProperty(Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        reader.Skip();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match)
            {
                return reader;
            }
            reader.Skip();
        }
        return default;
    }
}
