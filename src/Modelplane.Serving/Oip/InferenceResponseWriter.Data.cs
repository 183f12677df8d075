using System.Runtime.InteropServices;
using System.Text.Json;
using Modelplane.Registry.Models;
using Modelplane.Serving.Onnx;

namespace Modelplane.Serving.Oip;

internal static partial class InferenceResponseWriter
{
    private static readonly JsonEncodedText NaN = JsonEncodedText.Encode("NaN");
    private static readonly JsonEncodedText PositiveInfinity = JsonEncodedText.Encode("Infinity");
    private static readonly JsonEncodedText NegativeInfinity = JsonEncodedText.Encode("-Infinity");

    // Floats use .NET's shortest round-trippable formatting. JSON has no NaN or infinity, so a model that
    // produces them gets the strings "NaN", "Infinity" and "-Infinity" (as JsonNumberHandling does).
    private static void WriteData(Utf8JsonWriter writer, TensorPlan plan, OutputTensor tensor)
    {
        if (plan.ElementType == TensorElementType.String)
        {
            for (var i = 0; i < tensor.ElementCount; i++)
            {
                writer.WriteStringValue(tensor.Value!.GetStringElementAsSpan(i));
            }
            return;
        }
        var raw = tensor.RawData(plan.ElementSize);
        switch (plan.ElementType)
        {
            case TensorElementType.Float32:
                foreach (var v in MemoryMarshal.Cast<byte, float>(raw))
                {
                    WriteFloat(writer, v);
                }
                break;
            case TensorElementType.Float64:
                foreach (var v in MemoryMarshal.Cast<byte, double>(raw))
                {
                    WriteDouble(writer, v);
                }
                break;
            case TensorElementType.Float16:
                foreach (var v in MemoryMarshal.Cast<byte, Half>(raw))
                {
                    WriteFloat(writer, (float)v);
                }
                break;
            case TensorElementType.Int64:
                foreach (var v in MemoryMarshal.Cast<byte, long>(raw))
                {
                    writer.WriteNumberValue(v);
                }
                break;
            case TensorElementType.Int32:
                foreach (var v in MemoryMarshal.Cast<byte, int>(raw))
                {
                    writer.WriteNumberValue(v);
                }
                break;
            case TensorElementType.Int16:
                foreach (var v in MemoryMarshal.Cast<byte, short>(raw))
                {
                    writer.WriteNumberValue(v);
                }
                break;
            case TensorElementType.Int8:
                foreach (var v in MemoryMarshal.Cast<byte, sbyte>(raw))
                {
                    writer.WriteNumberValue(v);
                }
                break;
            case TensorElementType.UInt64:
                foreach (var v in MemoryMarshal.Cast<byte, ulong>(raw))
                {
                    writer.WriteNumberValue(v);
                }
                break;
            case TensorElementType.UInt32:
                foreach (var v in MemoryMarshal.Cast<byte, uint>(raw))
                {
                    writer.WriteNumberValue(v);
                }
                break;
            case TensorElementType.UInt16:
                foreach (var v in MemoryMarshal.Cast<byte, ushort>(raw))
                {
                    writer.WriteNumberValue(v);
                }
                break;
            case TensorElementType.UInt8:
                foreach (var v in raw)
                {
                    writer.WriteNumberValue(v);
                }
                break;
            case TensorElementType.Bool:
                foreach (var v in raw)
                {
                    writer.WriteBooleanValue(v != 0);
                }
                break;
            default:
                throw new InvalidOperationException($"Output '{plan.Name}' has element type {plan.ElementType}, which cannot be written.");
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, float v)
    {
        if (float.IsFinite(v))
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteStringValue(float.IsNaN(v) ? NaN : v > 0 ? PositiveInfinity : NegativeInfinity);
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double v)
    {
        if (double.IsFinite(v))
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(v) ? NaN : v > 0 ? PositiveInfinity : NegativeInfinity);
        }
    }
}
