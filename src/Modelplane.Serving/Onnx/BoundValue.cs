using Microsoft.ML.OnnxRuntime;
using Modelplane.Serving.Oip;

namespace Modelplane.Serving.Onnx;

/// <summary>An OrtValue over a pinned buffer, bound into an IOBinding and rebuilt only when shape or buffer change.</summary>
internal struct BoundValue : IDisposable
{
    private OrtValue? _value;
    private long[]? _shape;
    private PinnedBuffer? _buffer;
    private int _generation;

    public void Bind(OrtIoBinding binding, TensorPlan plan, PinnedBuffer buffer, ReadOnlySpan<long> shape, bool input)
    {
        if (_value is not null && ReferenceEquals(buffer, _buffer) && buffer.Generation == _generation && shape.SequenceEqual(_shape))
        {
            return;
        }
        _shape = shape.ToArray();
        var bytes = OutputShapes.Product(_shape) * plan.ElementSize;
        var value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, plan.OrtType, _shape, buffer.Address, bytes);
        if (input)
        {
            binding.BindInput(plan.Name, value);
        }
        else
        {
            binding.BindOutput(plan.Name, value);
        }
        _value?.Dispose();
        _value = value;
        _buffer = buffer;
        _generation = buffer.Generation;
    }

    public readonly void Dispose() => _value?.Dispose();
}
