using System.Buffers;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Oip;

/// <summary>
/// The Open Inference Protocol's binary tensor data extension over REST: a JSON header of a known length followed by
/// raw little-endian tensor bytes, in both directions. A class, because it carries which outputs are binary, and the
/// JSON length of the response, from decoding to the transport that sets the response headers.
/// </summary>
public sealed class OipBinaryCodec : IInferenceCodec
{
    /// <summary>The HTTP header that gives the JSON header's length, in the request and in the response.</summary>
    public const string HeaderName = BinaryFrame.HeaderName;

    private readonly ReadOnlySequence<byte> _body;
    private readonly long _headerLength;
    private readonly IBufferWriter<byte> _output;
    private readonly ServingOptions _options;
    private readonly BinaryFrame _frame = new();

    /// <summary>Creates a codec for one call.</summary>
    /// <param name="body">The whole request body: JSON header, then binary tensor data.</param>
    /// <param name="headerLength">The request's <see cref="HeaderName"/> value: how many leading bytes are JSON.</param>
    /// <param name="output">Receives the JSON response followed by the binary outputs' bytes.</param>
    /// <param name="options">Limits (body size, JSON depth, elements).</param>
    public OipBinaryCodec(ReadOnlySequence<byte> body, long headerLength, IBufferWriter<byte> output, ServingOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(headerLength);
        _body = body;
        _headerLength = headerLength;
        _output = output;
        _options = options;
    }

    /// <summary>The length in bytes of the response's JSON part, valid after <see cref="Encode"/>.</summary>
    public long ResponseHeaderLength { get; private set; }

    /// <summary>Whether the response carries binary data after its JSON (then it is sent as <c>application/octet-stream</c>).</summary>
    public bool HasBinaryOutput => _frame.BinaryOutputCount > 0;

    /// <inheritdoc />
    public void Decode(InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_body.Length > _options.MaxRequestBytes)
        {
            throw InferenceRequestException.TooLarge($"The request body has {_body.Length} bytes; the limit is {_options.MaxRequestBytes}.");
        }
        if (_headerLength > _body.Length)
        {
            throw new InferenceRequestException(
                $"Header {HeaderName} is {_headerLength}, but the body has only {_body.Length} bytes.");
        }
        _frame.Reset(_body.Slice(_headerLength), request.OutputCount);
        InferenceRequestReader.Read(_body.Slice(0, _headerLength), request, _options, _frame);
        _frame.EnsureAllTaken();
        _frame.CheckOutputs(request);
    }

    /// <inheritdoc />
    public void Encode(InferenceResult result) => ResponseHeaderLength = InferenceResponseWriter.Write(_output, result, _frame);
}
