using Microsoft.ML.OnnxRuntime;

namespace Modelplane.Serving.Oip;

/// <summary>One model output after a run: either in a preallocated buffer or in an ONNX Runtime-owned value.</summary>
internal sealed class OutputTensor
{
    public long[] Shape { get; set; } = [];

    public long ElementCount { get; set; }

    /// <summary>Set when ONNX Runtime allocated the output; owned by the runner context, which disposes it.</summary>
    public OrtValue? Value { get; set; }

    /// <summary>The preallocated storage used when <see cref="Value"/> is null.</summary>
    public PinnedBuffer Buffer { get; } = new();

    public ReadOnlySpan<byte> RawData(int elementSize) =>
        Value is not null ? Value.GetTensorMutableRawData() : Buffer.Span[..(int)(ElementCount * elementSize)];
}
