using System.Buffers;
using Modelplane.Registry.InferenceLog;
using Modelplane.Serving.Logging;

namespace Modelplane.Server.InferenceLog;

/// <summary>
/// The writer's batch as entries for the store: every record's inputs and outputs are written as UTF-8 into one buffer
/// that lives from batch to batch, so a record costs no string and no array of its own.
/// </summary>
internal sealed class InferenceLogBatch(int capacity)
{
    private const int InitialTextBytes = 64 * 1024;

    // A batch of large bodies may grow the buffer to hundreds of MB (64 KiB a field, two fields, 2,000 records);
    // past this it is dropped after the batch rather than held while the log idles.
    private const int RetainedTextBytes = 4 * 1024 * 1024;

    private readonly InferenceLogEntry[] _entries = new InferenceLogEntry[capacity];
    private readonly (int Start, int InputsEnd, int End)[] _bounds = new (int, int, int)[capacity];
    private ArrayBufferWriter<byte> _text = new(InitialTextBytes);
    private int _count;

    /// <summary>Converts <paramref name="batch"/>; the entries are valid until <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<InferenceLogEntry> From(IReadOnlyList<PendingLog> batch)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch.Count, _entries.Length);
        _count = batch.Count;
        for (var i = 0; i < _count; i++)
        {
            var p = batch[i];
            var start = _text.WrittenCount;
            LoggedRequest.WriteInputs(_text, p.Body, p.Format, p.HeaderLength, p.Log.Redactor);
            var inputsEnd = _text.WrittenCount;
            if (p.HasAnswer)
            {
                LoggedResponse.WriteOutputs(_text, p.Answer, p.AnswerIsJson);
            }

            _bounds[i] = (start, inputsEnd, _text.WrittenCount);
        }

        // Sliced only now: the buffer moves whenever it grows.
        var text = _text.WrittenMemory;
        for (var i = 0; i < _count; i++)
        {
            var p = batch[i];
            var (start, inputsEnd, end) = _bounds[i];
            _entries[i] = new InferenceLogEntry(
                p.RequestId,
                p.At,
                p.Log.Endpoint,
                p.Model,
                p.Version,
                text[start..inputsEnd],
                p.HasAnswer ? text[inputsEnd..end] : (ReadOnlyMemory<byte>?)null,
                p.LatencyMs,
                p.Status,
                p.Route,
                p.Caller);
        }

        return _entries.AsMemory(0, _count);
    }

    /// <summary>Forgets the last batch, keeping the buffer for the next one unless it grew too large.</summary>
    public void Clear()
    {
        Array.Clear(_entries, 0, _count);
        _count = 0;
        if (_text.Capacity > RetainedTextBytes)
        {
            _text = new ArrayBufferWriter<byte>(InitialTextBytes);
        }
        else
        {
            _text.ResetWrittenCount();
        }
    }
}
