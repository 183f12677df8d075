using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Modelplane.Serving.Mlflow;

/// <summary>The column names of a table's first record, kept as unescaped UTF-8 in pooled arrays so later records match without strings.</summary>
internal ref struct ColumnNames
{
    private byte[]? _bytes;
    private int[]? _ends;
    private int _used;

    public int Count { get; private set; }

    public void Add(ref Utf8JsonReader reader)
    {
        var max = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        _bytes ??= ArrayPool<byte>.Shared.Rent(Math.Max(1024, max));
        _ends ??= ArrayPool<int>.Shared.Rent(64);
        if (_used + max > _bytes.Length)
        {
            _bytes = Regrow(_bytes, _used + max, _used);
        }
        if (Count == _ends.Length)
        {
            _ends = Regrow(_ends, Count + 1, Count);
        }
        _used += reader.CopyString(_bytes.AsSpan(_used));
        _ends[Count++] = _used;
    }

    /// <summary>The index of the column named by the current property name, trying <paramref name="expected"/> first (records usually keep their order).</summary>
    public readonly int IndexOf(ref Utf8JsonReader reader, int expected)
    {
        if (expected < Count && reader.ValueTextEquals(At(expected)))
        {
            return expected;
        }
        for (var i = 0; i < Count; i++)
        {
            if (i != expected && reader.ValueTextEquals(At(i)))
            {
                return i;
            }
        }
        return -1;
    }

    public readonly string Name(int index) => Encoding.UTF8.GetString(At(index));

    public void Dispose()
    {
        if (_bytes is not null)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
        }
        if (_ends is not null)
        {
            ArrayPool<int>.Shared.Return(_ends);
        }
        _bytes = null;
        _ends = null;
    }

    private readonly ReadOnlySpan<byte> At(int index)
    {
        var start = index == 0 ? 0 : _ends![index - 1];
        return _bytes.AsSpan(start, _ends![index] - start);
    }

    private static T[] Regrow<T>(T[] old, int needed, int keep)
    {
        var next = ArrayPool<T>.Shared.Rent(Math.Max(needed, old.Length * 2));
        old.AsSpan(0, keep).CopyTo(next);
        ArrayPool<T>.Shared.Return(old);
        return next;
    }
}
