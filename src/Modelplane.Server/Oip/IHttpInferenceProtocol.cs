using System.Buffers;
using Modelplane.Serving;
using Modelplane.Serving.Protocol;

namespace Modelplane.Server.Oip;

/// <summary>One HTTP inference protocol on <see cref="InferenceHandler"/>'s shared path; implement as a struct.</summary>
internal interface IHttpInferenceProtocol
{
    /// <summary>Runs the request on <paramref name="runner"/>: decodes <paramref name="body"/>, writes the response body to
    /// <paramref name="output"/> and sets the response's content type and protocol headers.</summary>
    ValueTask RunAsync(HttpContext context, IModelRunner runner, ReadOnlySequence<byte> body, IBufferWriter<byte> output, InferenceCall invocation);

    /// <summary>Writes an error in the protocol's shape (nothing when the response has started).</summary>
    Task WriteErrorAsync(HttpContext context, int status, string message);
}
