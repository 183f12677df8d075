using System.Buffers;
using System.Text.Json;

namespace Modelplane.Serving.Logging;

/// <summary>
/// Turns a sampled request's body into the compact JSON text the inference log stores as its inputs, with the
/// endpoint's sensitive fields replaced by keyed hashes.
/// </summary>
/// <remarks>
/// This runs after the response was sent, so it never throws on a bad body: a body it cannot read (including one
/// that is not valid UTF-8, which the JSON reader does not check inside strings) is logged as
/// <c>{"unparsed":true,"bytes":N}</c>, and one whose text would pass the budget as <c>{"truncated":true,"bytes":N}</c>
/// (never as cut JSON), where N is the body's length.
/// </remarks>
public static partial class LoggedRequest
{
    /// <summary>The default budget for the stored text, in UTF-8 bytes.</summary>
    public const int DefaultMaxBytes = 65536;

    /// <summary>Returns the request's inputs as compact JSON, normalised per <paramref name="format"/> and redacted.</summary>
    /// <param name="body">The whole request body as the server received it.</param>
    /// <param name="format">How the body is encoded.</param>
    /// <param name="headerLength">For <see cref="RequestFormat.OipBinary"/>, the <c>Inference-Header-Content-Length</c>; ignored otherwise.</param>
    /// <param name="redactor">Which fields to store only as hashes; <see cref="FieldRedactor.None"/> for none.</param>
    /// <param name="maxBytes">The most UTF-8 bytes of text to store; a longer result is replaced by a truncation marker.</param>
    /// <returns>
    /// OIP: the <c>inputs</c> array. MLflow dataframes and CSV: <c>{"columns":[...],"data":[[...],...]}</c>. MLflow
    /// <c>instances</c>/<c>inputs</c>: their value. Otherwise one of the markers described on the type.
    /// </returns>
    public static string Inputs(ReadOnlySequence<byte> body, RequestFormat format, int headerLength, FieldRedactor redactor, int maxBytes = DefaultMaxBytes)
    {
        var text = new ArrayBufferWriter<byte>();
        WriteInputs(text, body, format, headerLength, redactor, maxBytes);
        return LogText.Decode(text);
    }

    /// <summary>Writes the UTF-8 text <see cref="Inputs"/> returns to <paramref name="output"/>, without making a string of it.</summary>
    /// <param name="output">Where the text goes; only the finished text is written to it, never a part of a value.</param>
    /// <inheritdoc cref="Inputs" path="/param"/>
    public static void WriteInputs(
        IBufferWriter<byte> output, ReadOnlySequence<byte> body, RequestFormat format, int headerLength, FieldRedactor redactor, int maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(redactor);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown request format.");
        }
        if (body.Length > Array.MaxLength)
        {
            LogText.Truncated(output, body.Length);
            return;
        }

        byte[]? rented = null;
        try
        {
            // One contiguous buffer lets values be copied as their raw token text and keeps the readers span-based.
            var source = body.IsSingleSegment ? body.FirstSpan : Contiguous(body, out rented);
            if (format == RequestFormat.OipJson && redactor.IsEmpty && VerbatimJson.OipInputs(source) is { } verbatim)
            {
                LogText.Value(output, source[verbatim], maxBytes, body.Length);
                return;
            }

            using var log = new LogWriter(redactor, maxBytes, source.Length);
            bool parsed;
            try
            {
                parsed = format switch
                {
                    RequestFormat.OipJson => WriteOip(source, [], binary: false, log),
                    RequestFormat.OipBinary => headerLength >= 0 && headerLength <= source.Length
                        && WriteOip(source[..headerLength], source[headerLength..], binary: true, log),
                    RequestFormat.MlflowJson => WriteMlflow(source, log),
                    _ => WriteCsv(source, log),
                };
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
            {
                // Invalid JSON, or a structure the writer refuses: the body is not what its format says.
                parsed = false;
            }
            log.WriteResultTo(output, parsed, body.Length);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static ReadOnlySpan<byte> Contiguous(ReadOnlySequence<byte> body, out byte[] rented)
    {
        rented = ArrayPool<byte>.Shared.Rent((int)body.Length);
        body.CopyTo(rented);
        return rented.AsSpan(0, (int)body.Length);
    }
}
