using System.Runtime.InteropServices;
using System.Text.Json;
using Modelplane.Registry.Models;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Mlflow;

internal static partial class ScoringResponseWriter
{
    private static readonly JsonEncodedText NaN = JsonEncodedText.Encode("NaN");
    private static readonly JsonEncodedText PositiveInfinity = JsonEncodedText.Encode("Infinity");
    private static readonly JsonEncodedText NegativeInfinity = JsonEncodedText.Encode("-Infinity");

    // JSON has no NaN or infinity: like the OIP writer, a model that produces them gets the strings "NaN", "Infinity", "-Infinity".
    private static void WriteElement(Utf8JsonWriter writer, OutputView view, ReadOnlySpan<byte> data, long index)
    {
        var i = (int)index;
        switch (view.ElementType)
        {
            case TensorElementType.Float32: WriteDouble(writer, MemoryMarshal.Cast<byte, float>(data)[i], single: true); break;
            case TensorElementType.Float64: WriteDouble(writer, MemoryMarshal.Cast<byte, double>(data)[i], single: false); break;
            case TensorElementType.Float16: WriteDouble(writer, (float)MemoryMarshal.Cast<byte, Half>(data)[i], single: true); break;
            case TensorElementType.Int64: writer.WriteNumberValue(MemoryMarshal.Cast<byte, long>(data)[i]); break;
            case TensorElementType.Int32: writer.WriteNumberValue(MemoryMarshal.Cast<byte, int>(data)[i]); break;
            case TensorElementType.Int16: writer.WriteNumberValue(MemoryMarshal.Cast<byte, short>(data)[i]); break;
            case TensorElementType.Int8: writer.WriteNumberValue(MemoryMarshal.Cast<byte, sbyte>(data)[i]); break;
            case TensorElementType.UInt64: writer.WriteNumberValue(MemoryMarshal.Cast<byte, ulong>(data)[i]); break;
            case TensorElementType.UInt32: writer.WriteNumberValue(MemoryMarshal.Cast<byte, uint>(data)[i]); break;
            case TensorElementType.UInt16: writer.WriteNumberValue(MemoryMarshal.Cast<byte, ushort>(data)[i]); break;
            case TensorElementType.UInt8: writer.WriteNumberValue(data[i]); break;
            case TensorElementType.Bool: writer.WriteBooleanValue(data[i] != 0); break;
            case TensorElementType.String: writer.WriteStringValue(view.Tensor.Value!.GetStringElementAsSpan(i)); break;
            default: throw new InvalidOperationException($"Output '{view.Name}' has element type {view.ElementType}, which cannot be written.");
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value, bool single)
    {
        if (double.IsFinite(value))
        {
            // A float widened to double would print its binary expansion (0.1f -> 0.10000000149011612); write it as a float.
            if (single)
            {
                writer.WriteNumberValue((float)value);
            }
            else
            {
                writer.WriteNumberValue(value);
            }
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? NaN : value > 0 ? PositiveInfinity : NegativeInfinity);
        }
    }
}
