using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Primitives;
using Modelplane.Serving;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Protocol;
using Modelplane.Server.Hosting;

namespace Modelplane.Server.Oip;

/// <summary>
/// The Open Inference Protocol's binary tensor data extension over REST (a request with header
/// <c>Inference-Header-Content-Length</c>): a JSON header, then raw tensor bytes; the response has the same shape
/// when any output is asked for as binary, else it is plain JSON.
/// </summary>
internal readonly struct OipBinaryProtocol(ServingOptions options, StringValues headerLength) : IHttpInferenceProtocol
{
    /// <exception cref="InferenceRequestException">The header is not one whole, non-negative number of bytes.</exception>
    private static long ReadHeaderLength(StringValues value) =>
        value.Count == 1 && long.TryParse(value[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : throw new InferenceRequestException(
                $"Header {OipBinaryCodec.HeaderName} must be the JSON header's length as one whole non-negative number of bytes; got '{value}'.");

    public async ValueTask RunAsync(HttpContext context, IModelRunner runner, ReadOnlySequence<byte> body, IBufferWriter<byte> output, InferenceCall invocation)
    {
        var codec = new OipBinaryCodec(body, ReadHeaderLength(headerLength), output, options);
        await runner.InferAsync(codec, invocation).ConfigureAwait(false);
        var response = context.Response;
        if (codec.HasBinaryOutput)
        {
            response.ContentType = "application/octet-stream";
            response.Headers[OipBinaryCodec.HeaderName] = codec.ResponseHeaderLength.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            response.ContentType = "application/json";
        }
    }

    public ValueTask RunDetachedAsync(IModelRunner runner, ReadOnlySequence<byte> body, IBufferWriter<byte> output, InferenceCall invocation, string? contentType) =>
        runner.InferAsync(new OipBinaryCodec(body, ReadHeaderLength(headerLength), output, options), invocation);

    public Modelplane.Serving.Logging.RequestFormat LogFormat(HttpContext context, out int jsonHeaderLength)
    {
        // A header that does not parse failed the request already; the log then keeps the body as unparsed bytes.
        jsonHeaderLength = headerLength.Count == 1 && int.TryParse(headerLength[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : 0;
        return Modelplane.Serving.Logging.RequestFormat.OipBinary;
    }

    public Task WriteErrorAsync(HttpContext context, int status, string message) => ErrorResults.WriteErrorAsync(context, status, message);
}
