using System.Runtime.InteropServices;

namespace Modelplane.Serving.Oip;

/// <summary>A growable byte buffer on the pinned object heap, so ONNX Runtime can read and write it in place.</summary>
internal sealed class PinnedBuffer
{
    // Buffers above this size are dropped after the call rather than kept in the pooled context for ever.
    private const int RetainBytes = 1 << 20;

    private byte[] _array = [];

    /// <summary>Changes whenever the underlying array is replaced, so callers know to rebuild OrtValues over it.</summary>
    public int Generation { get; private set; }

    public byte[] Array => _array;

    public IntPtr Address => _array.Length == 0 ? IntPtr.Zero : Marshal.UnsafeAddrOfPinnedArrayElement(_array, 0);

    public Span<byte> Span => _array;

    /// <summary>Makes room for at least <paramref name="bytes"/>, keeping the first <paramref name="keep"/> bytes.</summary>
    public void EnsureCapacity(long bytes, int keep = 0)
    {
        if (bytes <= _array.Length)
        {
            return;
        }
        var size = (int)Math.Min(Math.Max(bytes, Math.Min(2L * _array.Length, System.Array.MaxLength)), System.Array.MaxLength);
        var next = GC.AllocateUninitializedArray<byte>(Math.Max(size, 64), pinned: true);
        _array.AsSpan(0, keep).CopyTo(next);
        _array = next;
        Generation++;
    }

    /// <summary>Releases an unusually large array so one big request does not pin memory in the pool for ever.</summary>
    public bool TrimExcess()
    {
        if (_array.Length <= RetainBytes)
        {
            return false;
        }
        _array = [];
        Generation++;
        return true;
    }
}
