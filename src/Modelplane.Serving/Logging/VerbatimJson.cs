using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Modelplane.Serving.Logging;

/// <summary>
/// The log's fast path: a body that is ASCII without escapes or whitespace is already in the compact form
/// <see cref="LogWriter"/> would write, so once the reader has validated a value its bytes are stored as they are. At
/// 100% sampling this halves the writer's JSON work; any other body takes the writer's path (null here).
/// </summary>
internal static class VerbatimJson
{
    private static readonly SearchValues<byte> NotVerbatim = SearchValues.Create(" \t\r\n\\"u8);

    /// <summary>Where the OIP request's <c>inputs</c> array lies, to be stored as it is; null when the writer's path must decide.</summary>
    public static Range? OipInputs(ReadOnlySpan<byte> json)
    {
        try
        {
            if (!TryOpenObject(json, out var reader))
            {
                return null;
            }

            Range? inputs = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("inputs"u8))
                {
                    reader.Skip();
                    continue;
                }

                if (inputs is not null || !reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    return null;
                }

                var start = (int)reader.TokenStartIndex;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        return null;
                    }

                    reader.Skip();
                }

                inputs = start..(int)reader.BytesConsumed;
            }

            // Trailing content after the root object throws here, as on the writer's path.
            reader.Read();
            return inputs;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Where the response's <c>outputs</c> or <c>predictions</c> value lies, to be stored as it is; null when the writer's path must decide.</summary>
    public static Range? Outputs(ReadOnlySpan<byte> json)
    {
        try
        {
            if (!TryOpenObject(json, out var reader))
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("outputs"u8) || reader.ValueTextEquals("predictions"u8))
                {
                    // As on the writer's path, the rest of a body this server wrote is not read.
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    return start..(int)reader.BytesConsumed;
                }

                reader.Skip();
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // True, with the reader on the root object's start, when the body is verbatim and an object.
    private static bool TryOpenObject(ReadOnlySpan<byte> json, out Utf8JsonReader reader)
    {
        reader = new Utf8JsonReader(json);
        return Ascii.IsValid(json) && !json.ContainsAny(NotVerbatim) && reader.Read() && reader.TokenType == JsonTokenType.StartObject;
    }
}
