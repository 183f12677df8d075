using System.Buffers;
using Modelplane.Serving;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Protocol;
using Modelplane.Server.Hosting;

namespace Modelplane.Server.Oip;

/// <summary>The Open Inference Protocol's JSON body over REST.</summary>
internal readonly struct OipJsonProtocol(ServingOptions options) : IHttpInferenceProtocol
{
    public ValueTask RunAsync(HttpContext context, IModelRunner runner, ReadOnlySequence<byte> body, IBufferWriter<byte> output, InferenceCall invocation)
    {
        context.Response.ContentType = "application/json";
        return runner.InferAsync(new OipJsonCodec(body, output, options), invocation);
    }

    public ValueTask RunDetachedAsync(IModelRunner runner, ReadOnlySequence<byte> body, IBufferWriter<byte> output, InferenceCall invocation, string? contentType) =>
        runner.InferAsync(new OipJsonCodec(body, output, options), invocation);

    public Modelplane.Serving.Logging.RequestFormat LogFormat(HttpContext context, out int jsonHeaderLength)
    {
        jsonHeaderLength = 0;
        return Modelplane.Serving.Logging.RequestFormat.OipJson;
    }

    public Task WriteErrorAsync(HttpContext context, int status, string message) => ErrorResults.WriteErrorAsync(context, status, message);
}
