using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Modelplane.Registry.Models;
using Modelplane.Serving.Oip;

namespace Modelplane.Serving.MlNet;

/// <summary>One parsed OIP input as an ML.NET column: <c>rows</c> rows of <c>width</c> values each.</summary>
internal abstract class RequestColumn
{
    /// <summary>Copies the input's elements out of the (reused) request buffer into a typed column.</summary>
    public static RequestColumn Create(TensorElementType type, InputState input, DataViewType columnType, long rows)
    {
        var width = (int)(input.ElementCount / rows);
        var isVector = columnType is VectorDataViewType;
        return type switch
        {
            TensorElementType.Float32 => new RequestColumn<float>(input, width, isVector),
            TensorElementType.Float64 => new RequestColumn<double>(input, width, isVector),
            TensorElementType.Int32 => new RequestColumn<int>(input, width, isVector),
            TensorElementType.Int64 => new RequestColumn<long>(input, width, isVector),
            TensorElementType.Bool => new RequestColumn<bool>(input, width, isVector),
            _ => throw new InvalidOperationException($"Element type {type} cannot be fed to ML.NET."),
        };
    }

    /// <summary>A getter that reads the cursor's current row.</summary>
    public abstract Delegate Getter(Func<long> row);
}

internal sealed class RequestColumn<T> : RequestColumn
    where T : unmanaged
{
    private readonly T[] _values;
    private readonly int _width;
    private readonly bool _isVector;

    public RequestColumn(InputState input, int width, bool isVector)
    {
        var bytes = input.Data.Span[..checked((int)(input.ElementCount * Marshal.SizeOf<T>()))];
        _values = MemoryMarshal.Cast<byte, T>(bytes).ToArray();
        _width = width;
        _isVector = isVector;
    }

    public override Delegate Getter(Func<long> row) => _isVector
        ? new ValueGetter<VBuffer<T>>((ref VBuffer<T> value) =>
        {
            var editor = VBufferEditor.Create(ref value, _width);
            _values.AsSpan(checked((int)row() * _width), _width).CopyTo(editor.Values);
            value = editor.Commit();
        })
        : new ValueGetter<T>((ref T value) => value = _values[row()]);
}
