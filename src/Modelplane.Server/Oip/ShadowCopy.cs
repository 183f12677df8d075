using System.Buffers;
using Modelplane.Serving;
using Modelplane.Serving.Protocol;

namespace Modelplane.Server.Oip;

/// <summary>A request kept for a shadow to run after its caller was answered; disposing gives back what it holds.</summary>
internal interface IShadowCopy : IDisposable
{
    /// <summary>Runs the copy on <paramref name="runner"/>; the answer is only observed (through the call's observer).</summary>
    ValueTask RunAsync(IModelRunner runner, InferenceCall call);
}

/// <summary>An HTTP request body copied into pooled memory, run again in its protocol.</summary>
internal sealed class HttpShadowCopy<TProtocol> : IShadowCopy
    where TProtocol : IHttpInferenceProtocol
{
    private readonly TProtocol _protocol;
    private readonly string? _contentType;
    private readonly int _length;
    private byte[]? _body;

    /// <param name="body">Copied: the caller's buffers go back to the pipe at once.</param>
    public HttpShadowCopy(TProtocol protocol, ReadOnlySequence<byte> body, string? contentType)
    {
        _protocol = protocol;
        _contentType = contentType;
        _length = (int)body.Length;
        _body = ArrayPool<byte>.Shared.Rent(_length);
        body.CopyTo(_body);
    }

    public async ValueTask RunAsync(IModelRunner runner, InferenceCall call)
    {
        using var sink = new PooledBufferWriter();
        await _protocol.RunDetachedAsync(runner, new ReadOnlySequence<byte>(_body!, 0, _length), sink, call, _contentType).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _body, null) is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
