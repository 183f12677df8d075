using System.Buffers;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Oip;

/// <summary>The Open Inference Protocol's JSON body: parsed straight into the request's buffers, written straight from the outputs.</summary>
/// <param name="body">The UTF-8 JSON request body.</param>
/// <param name="output">Receives the UTF-8 JSON response.</param>
/// <param name="options">Limits (JSON depth, elements).</param>
public readonly struct OipJsonCodec(ReadOnlySequence<byte> body, IBufferWriter<byte> output, ServingOptions options) : IInferenceCodec
{
    /// <inheritdoc />
    public void Decode(InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (body.Length > options.MaxRequestBytes)
        {
            throw InferenceRequestException.TooLarge($"The request body has {body.Length} bytes; the limit is {options.MaxRequestBytes}.");
        }
        InferenceRequestReader.Read(body, request, options);
    }

    /// <inheritdoc />
    public void Encode(InferenceResult result) => InferenceResponseWriter.Write(output, result);
}
