using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Onnx;

namespace Modelplane.Serving.MlNet;

/// <summary>Reads the scored rows' prediction columns into OIP output tensors.</summary>
internal static class PredictionColumns
{
    public static OutputTensor[] Read(IDataView scored, TensorPlan[] plans, long rows)
    {
        var columns = plans.Select(p => scored.Schema[p.Name]).ToArray();
        var outputs = plans.Select((p, i) => Prepare(p, rows)).ToArray();
        using var cursor = scored.GetRowCursor(columns);
        var writers = columns.Select((c, i) => Writer(cursor, c, outputs[i], (int)plans[i].Shape[^1])).ToArray();
        var row = 0;
        while (cursor.MoveNext())
        {
            foreach (var write in writers)
            {
                write(row);
            }

            row++;
        }

        return outputs;
    }

    private static OutputTensor Prepare(TensorPlan plan, long rows)
    {
        var width = plan.Shape[^1];
        var tensor = new OutputTensor { Shape = [rows, width], ElementCount = rows * width };
        tensor.Buffer.EnsureCapacity(tensor.ElementCount * plan.ElementSize);
        return tensor;
    }

    private static Action<int> Writer(DataViewRowCursor cursor, DataViewSchema.Column column, OutputTensor output, int width) =>
        column.Type switch
        {
            KeyDataViewType => KeyWriter(cursor, column, output),
            VectorDataViewType { ItemType: var item } when item == NumberDataViewType.Single => VectorWriter<float>(cursor, column, output, width),
            VectorDataViewType { ItemType: var item } when item == NumberDataViewType.Double => VectorWriter<double>(cursor, column, output, width),
            var t when t == NumberDataViewType.Single => ScalarWriter<float>(cursor, column, output),
            var t when t == NumberDataViewType.Double => ScalarWriter<double>(cursor, column, output),
            var t when t == NumberDataViewType.Int32 => ScalarWriter<int>(cursor, column, output),
            var t when t == NumberDataViewType.Int64 => ScalarWriter<long>(cursor, column, output),
            BooleanDataViewType => ScalarWriter<bool>(cursor, column, output),
            var t => throw new InvalidOperationException($"Output '{column.Name}' has type {t}, which cannot be served."),
        };

    private static Action<int> ScalarWriter<T>(DataViewRowCursor cursor, DataViewSchema.Column column, OutputTensor output)
        where T : unmanaged
    {
        var getter = cursor.GetGetter<T>(column);
        return row =>
        {
            T value = default;
            getter(ref value);
            MemoryMarshal.Cast<byte, T>(output.Buffer.Span)[row] = value;
        };
    }

    // Key values are 1-based (0 means missing); served as the 0-based class index, -1 for missing.
    private static Action<int> KeyWriter(DataViewRowCursor cursor, DataViewSchema.Column column, OutputTensor output)
    {
        var getter = cursor.GetGetter<uint>(column);
        return row =>
        {
            uint key = 0;
            getter(ref key);
            MemoryMarshal.Cast<byte, long>(output.Buffer.Span)[row] = (long)key - 1;
        };
    }

    private static Action<int> VectorWriter<T>(DataViewRowCursor cursor, DataViewSchema.Column column, OutputTensor output, int width)
        where T : unmanaged
    {
        var getter = cursor.GetGetter<VBuffer<T>>(column);
        VBuffer<T> value = default;
        return row =>
        {
            getter(ref value);
            value.CopyTo(MemoryMarshal.Cast<byte, T>(output.Buffer.Span).Slice(row * width, width));
        };
    }
}
