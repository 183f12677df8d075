using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Modelplane.Serving.Logging;

/// <summary>
/// The compact JSON of one log entry being built: copies values token by token, writes the hash of redacted ones, and
/// reports <see cref="Full"/> as soon as the text passes its budget, so a huge body is never copied only to be dropped.
/// </summary>
/// <remarks>Values are read from one contiguous buffer (the caller's <c>source</c>), so a string is copied as its raw
/// token text rather than decoded and encoded again.</remarks>
internal sealed class LogWriter : IDisposable
{
    // The log is read back by JSON parsers (the log API, the dashboard's grid), never spliced into HTML, so the relaxed
    // encoder is safe; the default one would store "a+b@x" as "a\u002Bb@x" and every non-ASCII character as six bytes,
    // and a CSV cell would then hash differently from the same value sent as JSON.
    private static readonly JsonWriterOptions Options = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _output;
    private readonly long _maxBytes;
    private ArrayBufferWriter<byte>? _scratch;
    private Utf8JsonWriter? _scratchJson;

    public LogWriter(FieldRedactor redactor, int maxBytes, int sizeHint)
    {
        Redactor = redactor;
        _maxBytes = maxBytes;
        _output = new ArrayBufferWriter<byte>(Math.Clamp(sizeHint, 256, Math.Max(256, maxBytes)));
        Json = new Utf8JsonWriter(_output, Options);
    }

    public Utf8JsonWriter Json { get; }

    public FieldRedactor Redactor { get; }

    /// <summary>Whether the text written so far is over budget; writers stop at the next check.</summary>
    public bool Full => Json.BytesCommitted + Json.BytesPending > _maxBytes;

    /// <summary>Writes what the entry stores: the text built here, else the marker for a body over budget or not parsed.</summary>
    public void WriteResultTo(IBufferWriter<byte> output, bool parsed, long bodyLength)
    {
        if (Full)
        {
            LogText.Truncated(output, bodyLength);
        }
        else if (!parsed)
        {
            LogText.Unparsed(output, bodyLength);
        }
        else
        {
            Json.Flush();
            output.Write(_output.WrittenSpan);
        }
    }

    /// <summary>Copies the value the reader is on, leaving the reader on its last token.</summary>
    /// <returns>False when the budget ran out (the reader is then somewhere inside the value).</returns>
    public bool Copy(ref Utf8JsonReader reader, ReadOnlySpan<byte> source) => Copy(ref reader, source, Json, _maxBytes);

    /// <summary>Writes the value the reader is on as a hash string (null stays null), leaving the reader on its last token.</summary>
    /// <remarks>Null is left readable: it hides nothing, and it keeps the share of missing values visible.</remarks>
    public void WriteHash(ref Utf8JsonReader reader, ReadOnlySpan<byte> source)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            Json.WriteNullValue();
            return;
        }
        var isPlain = reader.TokenType is JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False
            || (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped);
        if (isPlain)
        {
            // A plain scalar's token is already its compact text.
            WriteHash(source[(int)reader.TokenStartIndex..(int)reader.BytesConsumed]);
            return;
        }
        var scratch = Scratch();
        Copy(ref reader, source, scratch, long.MaxValue);
        scratch.Flush();
        WriteHash(_scratch!.WrittenSpan);
    }

    /// <summary>Writes the hash of a string value whose JSON text is what this writer would write for <paramref name="utf8"/>.</summary>
    public void WriteStringHash(ReadOnlySpan<byte> utf8)
    {
        var scratch = Scratch();
        scratch.WriteStringValue(utf8);
        scratch.Flush();
        WriteHash(_scratch!.WrittenSpan);
    }

    /// <summary>Writes <c>{"redacted":"hmac-sha256:…"}</c>, where a whole OIP tensor's data stood.</summary>
    public void WriteRedactedObject(ReadOnlySpan<byte> canonical)
    {
        Json.WriteStartObject();
        Json.WritePropertyName("redacted"u8);
        WriteHash(canonical);
        Json.WriteEndObject();
    }

    /// <summary>Writes <c>{"redacted":"hmac-sha256:…"}</c> for the value the reader is on, leaving the reader on its last token.</summary>
    public void WriteRedactedObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> source)
    {
        Json.WriteStartObject();
        Json.WritePropertyName("redacted"u8);
        WriteHash(ref reader, source);
        Json.WriteEndObject();
    }

    public void WritePropertyName(ref Utf8JsonReader reader) => WriteText(ref reader, Json, property: true);

    public void Dispose()
    {
        Json.Dispose();
        _scratchJson?.Dispose();
    }

    /// <summary>Writes the hash of a value's compact JSON text as a string.</summary>
    public void WriteHash(ReadOnlySpan<byte> canonical)
    {
        Span<byte> hash = stackalloc byte[FieldRedactor.HashLength];
        Redactor.WriteHash(canonical, hash);
        Json.WriteStringValue(hash);
    }

    private Utf8JsonWriter Scratch()
    {
        _scratch ??= new ArrayBufferWriter<byte>();
        _scratch.ResetWrittenCount();
        if (_scratchJson is null)
        {
            _scratchJson = new Utf8JsonWriter(_scratch, Options);
        }
        else
        {
            _scratchJson.Reset(_scratch);
        }
        return _scratchJson;
    }

    private static bool Copy(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, Utf8JsonWriter writer, long budget)
    {
        var depth = reader.CurrentDepth;
        while (true)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    writer.WriteStartObject();
                    break;
                case JsonTokenType.EndObject:
                    writer.WriteEndObject();
                    break;
                case JsonTokenType.StartArray:
                    writer.WriteStartArray();
                    break;
                case JsonTokenType.EndArray:
                    writer.WriteEndArray();
                    break;
                case JsonTokenType.PropertyName:
                    WriteText(ref reader, writer, property: true);
                    break;
                case JsonTokenType.String when reader.ValueIsEscaped:
                    // Decoded and encoded again, so "\u0061" and "a" are stored (and hashed) alike.
                    WriteText(ref reader, writer, property: false);
                    break;
                default:
                    // The reader validated the token; its text is already compact JSON.
                    writer.WriteRawValue(source[(int)reader.TokenStartIndex..(int)reader.BytesConsumed], skipInputValidation: true);
                    break;
            }
            if (writer.BytesCommitted + writer.BytesPending > budget)
            {
                return false;
            }
            if (reader.CurrentDepth == depth && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            {
                return true;
            }
            if (!reader.Read())
            {
                throw new JsonException("The JSON ends inside a value.");
            }
        }
    }

    private static void WriteText(ref Utf8JsonReader reader, Utf8JsonWriter writer, bool property)
    {
        if (!reader.ValueIsEscaped)
        {
            if (property)
            {
                writer.WritePropertyName(reader.ValueSpan);
            }
            else
            {
                writer.WriteStringValue(reader.ValueSpan);
            }
            return;
        }
        var rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            var text = rented.AsSpan(0, reader.CopyString(rented));
            if (property)
            {
                writer.WritePropertyName(text);
            }
            else
            {
                writer.WriteStringValue(text);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
