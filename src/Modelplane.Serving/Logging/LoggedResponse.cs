using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Modelplane.Serving.Logging;

/// <summary>Turns a sampled response's body into the compact JSON text the inference log stores as its outputs.</summary>
/// <remarks>Like <see cref="LoggedRequest"/>, it never throws on a bad body: it returns a marker instead.</remarks>
public static class LoggedResponse
{
    /// <summary>Returns the predictions of a response as compact JSON.</summary>
    /// <param name="responseBody">The response body as sent.</param>
    /// <param name="isJson">Whether the body is JSON; false for a binary (<c>application/octet-stream</c>) response.</param>
    /// <param name="maxBytes">The most UTF-8 bytes of text to store.</param>
    /// <returns>
    /// The value of the body's <c>outputs</c> (OIP) or <c>predictions</c> (MLflow) property, else the whole body compacted;
    /// <c>{"binary_bytes":N}</c> for a binary body; <c>{"truncated":true,"bytes":N}</c> past <paramref name="maxBytes"/>;
    /// <c>{"unparsed":true,"bytes":N}</c> for a body that is not JSON (or not UTF-8).
    /// </returns>
    public static string Outputs(ReadOnlySpan<byte> responseBody, bool isJson, int maxBytes = LoggedRequest.DefaultMaxBytes)
    {
        var text = new ArrayBufferWriter<byte>();
        WriteOutputs(text, responseBody, isJson, maxBytes);
        return LogText.Decode(text);
    }

    /// <summary>Writes the UTF-8 text <see cref="Outputs"/> returns to <paramref name="output"/>, without making a string of it.</summary>
    /// <param name="output">Where the text goes; only the finished text is written to it, never a part of a value.</param>
    /// <inheritdoc cref="Outputs" path="/param"/>
    public static void WriteOutputs(IBufferWriter<byte> output, ReadOnlySpan<byte> responseBody, bool isJson, int maxBytes = LoggedRequest.DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (!isJson)
        {
            // Binary tensors are not logged (they are not JSON and may be large): only their size.
            LogText.BinaryBytes(output, responseBody.Length);
            return;
        }
        if (VerbatimJson.Outputs(responseBody) is { } verbatim)
        {
            LogText.Value(output, responseBody[verbatim], maxBytes, responseBody.Length);
            return;
        }

        using var log = new LogWriter(FieldRedactor.None, maxBytes, responseBody.Length);
        bool parsed;
        try
        {
            parsed = Write(responseBody, log);
        }
        catch (JsonException)
        {
            parsed = false;
        }
        log.WriteResultTo(output, parsed, responseBody.Length);
    }

    private static bool Write(ReadOnlySpan<byte> json, LogWriter log)
    {
        var reader = new Utf8JsonReader(json);
        if (!Utf8.IsValid(json) || !reader.Read())
        {
            return false;
        }
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            var outputs = reader;
            while (outputs.Read() && outputs.TokenType == JsonTokenType.PropertyName)
            {
                if (outputs.ValueTextEquals("outputs"u8) || outputs.ValueTextEquals("predictions"u8))
                {
                    // The rest of the body was written by this server; it is not read further.
                    outputs.Read();
                    return log.Copy(ref outputs, json);
                }
                outputs.Skip();
            }
        }
        if (!log.Copy(ref reader, json))
        {
            return false;
        }
        // Surfaces trailing content after the root value as invalid JSON.
        reader.Read();
        return true;
    }
}
