using System.Buffers;
using Modelplane.Serving.Logging;

namespace Modelplane.Server.InferenceLog;

/// <summary>
/// A sampled request on its way to the log: the request thread only copies the body and the answer into pooled
/// memory; turning them into redacted JSON and writing them happens on the writer's thread.
/// </summary>
internal sealed class PendingLog(EndpointLog log, string requestId, DateTimeOffset at, string? caller)
{
    private byte[]? _body;
    private int _bodyLength;
    private byte[]? _answer;
    private int _answerLength;

    public EndpointLog Log => log;

    public string RequestId => requestId;

    public DateTimeOffset At => at;

    public string? Caller => caller;

    public RequestFormat Format { get; private set; }

    public int HeaderLength { get; private set; }

    public bool AnswerIsJson { get; private set; }

    public string Model { get; set; } = "";

    public int Version { get; set; }

    public string Route { get; set; } = "direct";

    public int Status { get; set; }

    public double LatencyMs { get; set; }

    public ReadOnlySequence<byte> Body => _body is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(_body, 0, _bodyLength);

    public ReadOnlySpan<byte> Answer => _answer is null ? default : _answer.AsSpan(0, _answerLength);

    public bool HasAnswer => _answer is not null;

    public void KeepBody(ReadOnlySequence<byte> body, RequestFormat format, int headerLength)
    {
        _bodyLength = (int)body.Length;
        _body = ArrayPool<byte>.Shared.Rent(Math.Max(1, _bodyLength));
        body.CopyTo(_body);
        Format = format;
        HeaderLength = headerLength;
    }

    public void KeepAnswer(ReadOnlySpan<byte> answer, bool isJson)
    {
        _answerLength = answer.Length;
        _answer = ArrayPool<byte>.Shared.Rent(Math.Max(1, _answerLength));
        answer.CopyTo(_answer);
        AnswerIsJson = isJson;
    }

    public void Release()
    {
        if (Interlocked.Exchange(ref _body, null) is { } body)
        {
            ArrayPool<byte>.Shared.Return(body);
        }

        if (Interlocked.Exchange(ref _answer, null) is { } answer)
        {
            ArrayPool<byte>.Shared.Return(answer);
        }
    }
}
