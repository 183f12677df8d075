using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Modelplane.Registry.Models;
using Modelplane.Serving.Oip;

namespace Modelplane.Serving.Mlflow;

internal ref partial struct RowTable
{
    /// <summary>Stores one number (the current token) at element <paramref name="index"/> of an input: a named column's cell.</summary>
    public void Store(ref Utf8JsonReader reader, int slot, long index)
    {
        var label = InputName(slot);
        switch (_layout.Inputs[slot].ElementType)
        {
            case TensorElementType.Float32: At<float>(slot, index) = ElementParsers.Float32.Parse(ref reader, label); break;
            case TensorElementType.Float64: At<double>(slot, index) = ElementParsers.Float64.Parse(ref reader, label); break;
            case TensorElementType.Float16: At<Half>(slot, index) = ElementParsers.Float16.Parse(ref reader, label); break;
            case TensorElementType.Int64: At<long>(slot, index) = ElementParsers.Int64.Parse(ref reader, label); break;
            case TensorElementType.Int32: At<int>(slot, index) = ElementParsers.Int32.Parse(ref reader, label); break;
            case TensorElementType.Int16: At<short>(slot, index) = ElementParsers.Int16.Parse(ref reader, label); break;
            case TensorElementType.Int8: At<sbyte>(slot, index) = ElementParsers.Int8.Parse(ref reader, label); break;
            case TensorElementType.UInt64: At<ulong>(slot, index) = ElementParsers.UInt64.Parse(ref reader, label); break;
            case TensorElementType.UInt32: At<uint>(slot, index) = ElementParsers.UInt32.Parse(ref reader, label); break;
            case TensorElementType.UInt16: At<ushort>(slot, index) = ElementParsers.UInt16.Parse(ref reader, label); break;
            case TensorElementType.UInt8: At<byte>(slot, index) = ElementParsers.UInt8.Parse(ref reader, label); break;
            case TensorElementType.Bool: At<bool>(slot, index) = ElementParsers.Bool.Parse(ref reader, label); break;
            default: throw Unsupported(slot);
        }
    }

    /// <summary>Appends one CSV field, parsed as the input's element type.</summary>
    public void AppendText(int slot, scoped ReadOnlySpan<byte> text, long row, int column)
    {
        var index = _written[slot];
        var ok = _layout.Inputs[slot].ElementType switch
        {
            TensorElementType.Float32 => float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out At<float>(slot, index))
                && float.IsFinite(At<float>(slot, index)),
            TensorElementType.Float64 => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out At<double>(slot, index))
                && double.IsFinite(At<double>(slot, index)),
            TensorElementType.Float16 => Half.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out At<Half>(slot, index))
                && Half.IsFinite(At<Half>(slot, index)),
            TensorElementType.Int64 => Utf8Parser.TryParse(text, out At<long>(slot, index), out var used) && used == text.Length,
            TensorElementType.Int32 => Utf8Parser.TryParse(text, out At<int>(slot, index), out var used) && used == text.Length,
            TensorElementType.Int16 => Utf8Parser.TryParse(text, out At<short>(slot, index), out var used) && used == text.Length,
            TensorElementType.Int8 => Utf8Parser.TryParse(text, out At<sbyte>(slot, index), out var used) && used == text.Length,
            TensorElementType.UInt64 => Utf8Parser.TryParse(text, out At<ulong>(slot, index), out var used) && used == text.Length,
            TensorElementType.UInt32 => Utf8Parser.TryParse(text, out At<uint>(slot, index), out var used) && used == text.Length,
            TensorElementType.UInt16 => Utf8Parser.TryParse(text, out At<ushort>(slot, index), out var used) && used == text.Length,
            TensorElementType.UInt8 => Utf8Parser.TryParse(text, out At<byte>(slot, index), out var used) && used == text.Length,
            TensorElementType.Bool => TryParseBool(text, out At<bool>(slot, index)),
            _ => throw Unsupported(slot),
        };
        if (!ok)
        {
            var shown = text.Length <= 40 ? Encoding.UTF8.GetString(text) : Encoding.UTF8.GetString(text[..40]) + "...";
            throw MlflowErrorCodes.InvalidValue(
                $"Row {row} field {column} holds \"{shown}\", which is not a finite {OipDatatypes.Name(_layout.Inputs[slot].ElementType)} value as input '{InputName(slot)}' needs.");
        }
        _written[slot] = index + 1;
    }

    private readonly ref T At<T>(int slot, long index)
        where T : unmanaged
    {
        var buffer = Buffer<T>(slot);
        if (index >= buffer.Length)
        {
            buffer = Grow<T>(slot, index + 1);
        }
        return ref buffer[(int)index];
    }

    private static bool TryParseBool(ReadOnlySpan<byte> text, out bool value)
    {
        value = text.SequenceEqual("1"u8) || text.SequenceEqual("true"u8) || text.SequenceEqual("True"u8) || text.SequenceEqual("TRUE"u8);
        return value || text.SequenceEqual("0"u8) || text.SequenceEqual("false"u8) || text.SequenceEqual("False"u8) || text.SequenceEqual("FALSE"u8);
    }
}
