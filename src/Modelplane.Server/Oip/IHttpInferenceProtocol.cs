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

    /// <summary>Runs a copy of a request away from its HTTP exchange (a shadow's copy, after the caller was answered).</summary>
    /// <param name="contentType">The original request's content type.</param>
    ValueTask RunDetachedAsync(IModelRunner runner, ReadOnlySequence<byte> body, IBufferWriter<byte> output, InferenceCall invocation, string? contentType);

    /// <summary>How the inference log reads this protocol's body (and, for the binary extension, its JSON header's length).</summary>
    Modelplane.Serving.Logging.RequestFormat LogFormat(HttpContext context, out int jsonHeaderLength);

    /// <summary>Writes an error in the protocol's shape (nothing when the response has started).</summary>
    Task WriteErrorAsync(HttpContext context, int status, string message);
}
