using System.Buffers.Binary;
using System.Globalization;
using Modelplane.Registry.Models;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Monitoring.Profiles;

/// <summary>
/// Feeds rows <c>[start, start + count)</c> of the profiling columns to the model as its typed input tensors, and copies
/// the outputs of those rows into <see cref="ProfileOutputs"/>. A batch padded to a fixed batch dimension repeats its
/// last row; the padding's outputs are dropped.
/// </summary>
internal readonly struct ProfileBatchCodec(
    FeatureLayout layout, IReadOnlyList<ProfileColumn> features, ProfileOutputs outputs, int start, int count, int batch) : IInferenceCodec
{
    public void Decode(InferenceRequest request)
    {
        for (var input = 0; input < request.InputCount; input++)
        {
            var type = request.InputType(input);
            var rank = request.InputShape(input).Length;
            var width = rank < 2 ? 1 : (int)Math.Max(1, request.InputShape(input)[1]);
            var slots = SlotsOf(layout, input);
            width = slots.Length > 0 ? layout.Features[slots[0]].Width : width;
            ReadOnlySpan<long> shape = rank < 2 ? [batch] : [batch, width];
            var bytes = request.ReserveInput(input, type, shape, (long)batch * width);
            var size = bytes.Length / (batch * width);
            foreach (var f in slots)
            {
                var slot = layout.Features[f];
                var column = features[f];
                for (var r = 0; r < batch; r++)
                {
                    var row = start + Math.Min(r, count - 1);
                    var value = slot.Kind == Registry.Monitoring.FeatureKind.Categorical ? BooleanOf(column.Text(row)) : column.Numbers[row];
                    Write(bytes.Slice(((r * width) + slot.Column) * size, size), type, value);
                }
            }
        }
    }

    public void Encode(InferenceResult result)
    {
        for (var position = 0; position < result.Count; position++)
        {
            var view = result[position];
            var width = (int)(view.ElementCount / batch);
            for (var s = 0; s < layout.Outputs.Count; s++)
            {
                var slot = layout.Outputs[s];
                if (slot.Tensor != position || slot.Column >= width)
                {
                    continue;
                }

                for (var r = 0; r < count; r++)
                {
                    var index = (r * width) + slot.Column;
                    if (slot.Kind == Registry.Monitoring.FeatureKind.Numeric)
                    {
                        outputs.SetNumber(s, start + r, Read(view, index));
                    }
                    else
                    {
                        outputs.SetText(s, start + r, Text(view, index));
                    }
                }
            }

            if (layout.Probability is { } source && source.Output == position && width == source.Width)
            {
                for (var r = 0; r < count; r++)
                {
                    for (var j = 0; j < width; j++)
                    {
                        outputs.SetProbability(start + r, j, Read(view, (r * width) + j));
                    }
                }
            }
        }
    }

    private static int[] SlotsOf(FeatureLayout layout, int input) =>
        [.. Enumerable.Range(0, layout.Features.Count).Where(f => layout.Features[f].Tensor == input)];

    // A categorical input the runner can take is boolean: true/1 and false/0; anything else is fed as false.
    private static double BooleanOf(string? text) => CategorySummary.Normalize(text?.Trim()) == "1" ? 1 : 0;

    // Missing values reach a float input as NaN (the model sees what live traffic would send) and an integer input as 0.
    private static void Write(Span<byte> target, TensorElementType type, double value)
    {
        var whole = double.IsNaN(value) ? 0 : value;
        switch (type)
        {
            case TensorElementType.Float32: BinaryPrimitives.WriteSingleLittleEndian(target, (float)value); break;
            case TensorElementType.Float64: BinaryPrimitives.WriteDoubleLittleEndian(target, value); break;
            case TensorElementType.Float16: BinaryPrimitives.WriteHalfLittleEndian(target, (Half)value); break;
            case TensorElementType.Int8: target[0] = (byte)(sbyte)whole; break;
            case TensorElementType.UInt8: target[0] = (byte)whole; break;
            case TensorElementType.Bool: target[0] = whole != 0 ? (byte)1 : (byte)0; break;
            case TensorElementType.Int16: BinaryPrimitives.WriteInt16LittleEndian(target, (short)whole); break;
            case TensorElementType.UInt16: BinaryPrimitives.WriteUInt16LittleEndian(target, (ushort)whole); break;
            case TensorElementType.Int32: BinaryPrimitives.WriteInt32LittleEndian(target, (int)whole); break;
            case TensorElementType.UInt32: BinaryPrimitives.WriteUInt32LittleEndian(target, (uint)whole); break;
            case TensorElementType.Int64: BinaryPrimitives.WriteInt64LittleEndian(target, (long)whole); break;
            case TensorElementType.UInt64: BinaryPrimitives.WriteUInt64LittleEndian(target, (ulong)whole); break;
        }
    }

    private static double Read(OutputView view, int index)
    {
        var data = view.Data;
        var size = view.ElementSize;
        var at = data[(index * size)..];
        return view.ElementType switch
        {
            TensorElementType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(at),
            TensorElementType.Float64 => BinaryPrimitives.ReadDoubleLittleEndian(at),
            TensorElementType.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(at),
            _ => double.NaN,
        };
    }

    // Class labels as monitoring names them: integers in invariant text, booleans as 1 and 0, strings as they are.
    private static string? Text(OutputView view, int index)
    {
        if (view.ElementType == TensorElementType.String)
        {
            return view.GetString(index);
        }

        var at = view.Data[(index * view.ElementSize)..];
        return view.ElementType switch
        {
            TensorElementType.Bool => at[0] != 0 ? "1" : "0",
            TensorElementType.Int8 => ((sbyte)at[0]).ToString(CultureInfo.InvariantCulture),
            TensorElementType.UInt8 => at[0].ToString(CultureInfo.InvariantCulture),
            TensorElementType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(at).ToString(CultureInfo.InvariantCulture),
            TensorElementType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(at).ToString(CultureInfo.InvariantCulture),
            TensorElementType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(at).ToString(CultureInfo.InvariantCulture),
            TensorElementType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(at).ToString(CultureInfo.InvariantCulture),
            TensorElementType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(at).ToString(CultureInfo.InvariantCulture),
            TensorElementType.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(at).ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }
}
