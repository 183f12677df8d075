namespace Modelplane.Serving.Analysis;

/// <summary>
/// The latest values written, up to a fixed capacity. A writer claims a slot with one interlocked increment and
/// overwrites the oldest value once the ring is full, so many threads can write without a lock or an allocation.
/// </summary>
internal sealed class ValueRing
{
    private readonly double[] _slots;
    private long _written;

    public ValueRing(int capacity)
    {
        _slots = new double[capacity];

        // NaN marks a slot claimed but not yet written when a copy is taken: the copy skips it rather than report
        // a value nobody recorded. Writers never store NaN, so the mark is unambiguous.
        Array.Fill(_slots, double.NaN);
    }

    /// <summary>Stores a finite value, replacing the oldest one once the ring is full.</summary>
    public void Add(double value)
    {
        var slot = (int)((Interlocked.Increment(ref _written) - 1) % _slots.Length);
        Volatile.Write(ref _slots[slot], value);
    }

    /// <summary>A copy of the filled slots, in slot order (not the order written).</summary>
    public double[] Copy()
    {
        var filled = (int)Math.Min(Volatile.Read(ref _written), _slots.Length);
        var copy = new double[filled];
        var count = 0;
        for (var i = 0; i < filled; i++)
        {
            var value = Volatile.Read(ref _slots[i]);
            if (!double.IsNaN(value))
            {
                copy[count++] = value;
            }
        }

        return count == filled ? copy : copy[..count];
    }
}
