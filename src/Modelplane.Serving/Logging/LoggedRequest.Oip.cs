using System.Text.Json;
using System.Text.Unicode;

namespace Modelplane.Serving.Logging;

/// <summary>Open Inference Protocol bodies: the <c>inputs</c> array as given, with redacted tensors' data hashed.</summary>
public static partial class LoggedRequest
{
    /// <summary>Writes the <c>inputs</c> array; false when the body is not an OIP request (or the budget ran out).</summary>
    /// <param name="json">The JSON body, or the binary extension's JSON header.</param>
    /// <param name="tensors">The binary extension's raw tensor bytes after the header; empty for a JSON body.</param>
    private static bool WriteOip(ReadOnlySpan<byte> json, ReadOnlySpan<byte> tensors, bool binary, LogWriter log)
    {
        var reader = new Utf8JsonReader(json);
        if (!Utf8.IsValid(json) || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }
        var found = false;
        long offset = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // id, parameters and outputs are not stored: the log keeps its own request id.
            if (!reader.ValueTextEquals("inputs"u8))
            {
                reader.Skip();
                continue;
            }
            if (found)
            {
                return false;
            }
            found = true;
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }
            log.Json.WriteStartArray();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject || !WriteOipInput(ref reader, json, tensors, binary, ref offset, log))
                {
                    return false;
                }
            }
            log.Json.WriteEndArray();
        }
        // Surfaces trailing content after the root object as invalid JSON.
        reader.Read();
        return found;
    }

    /// <summary>Writes one input object; <paramref name="offset"/> is where the next binary input's bytes start.</summary>
    private static bool WriteOipInput(
        ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ReadOnlySpan<byte> tensors, bool binary, ref long offset, LogWriter log)
    {
        log.Json.WriteStartObject();
        bool? redacted = log.Redactor.IsEmpty ? false : null;
        long binarySize = -1;
        var hasData = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isName = reader.ValueTextEquals("name"u8);
            var isData = reader.ValueTextEquals("data"u8);
            var isParameters = binary && reader.ValueTextEquals("parameters"u8);
            if (isData)
            {
                // Clients send the name first; when one does not, look ahead for it before the data is written.
                redacted ??= IsRedacted(reader, log.Redactor);
                hasData = true;
            }
            log.WritePropertyName(ref reader);
            reader.Read();
            if (isName && redacted is null)
            {
                redacted = reader.TokenType == JsonTokenType.String && log.Redactor.Redacts(ref reader);
            }
            if (isParameters)
            {
                binarySize = BinaryDataSize(reader);
            }
            if (isData && redacted == true)
            {
                log.WriteRedactedObject(ref reader, json);
            }
            else if (!log.Copy(ref reader, json))
            {
                return false;
            }
        }
        if (binarySize >= 0)
        {
            if (binarySize > tensors.Length - offset)
            {
                return false;
            }
            var bytes = tensors.Slice((int)offset, (int)binarySize);
            offset += binarySize;
            if (!hasData)
            {
                WriteBinaryData(bytes, redacted == true, log);
            }
        }
        log.Json.WriteEndObject();
        return !log.Full;
    }

    /// <summary>Writes a binary input's <c>data</c>: its size, or the hash of its bytes when redacted.</summary>
    private static void WriteBinaryData(ReadOnlySpan<byte> bytes, bool redacted, LogWriter log)
    {
        log.Json.WritePropertyName("data"u8);
        if (redacted)
        {
            log.WriteRedactedObject(bytes);
            return;
        }
        // The raw tensor bytes are not logged (they are not JSON, and may be large): only their size.
        log.Json.WriteStartObject();
        log.Json.WriteNumber("binary_bytes"u8, bytes.Length);
        log.Json.WriteEndObject();
    }

    /// <summary>Finds the input's name after its <c>data</c> property, on a copy of the reader.</summary>
    private static bool IsRedacted(Utf8JsonReader reader, FieldRedactor redactor)
    {
        reader.Skip();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isName = reader.ValueTextEquals("name"u8);
            reader.Read();
            if (isName)
            {
                return reader.TokenType == JsonTokenType.String && redactor.Redacts(ref reader);
            }
            reader.Skip();
        }
        return false;
    }

    /// <summary>An input's <c>binary_data_size</c> read from a copy of the reader on its parameters; -1 when absent.</summary>
    private static long BinaryDataSize(Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return -1;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSize = reader.ValueTextEquals("binary_data_size"u8);
            reader.Read();
            if (isSize && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var size) && size >= 0)
            {
                return size;
            }
            reader.Skip();
        }
        return -1;
    }
}
