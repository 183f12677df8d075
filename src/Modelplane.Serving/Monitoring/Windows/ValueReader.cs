using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Modelplane.Registry.Models;

namespace Modelplane.Serving.Monitoring.Windows;

/// <summary>Reads one element of a little-endian tensor buffer as a double, whatever its numeric type.</summary>
internal static class ValueReader
{
    /// <summary>Element <paramref name="index"/> of <paramref name="data"/>; NaN for a type that is not a number.</summary>
    public static double Read(ReadOnlySpan<byte> data, TensorElementType type, int index) => type switch
    {
        TensorElementType.Float32 => MemoryMarshal.Read<float>(data[(index * 4)..]),
        TensorElementType.Float64 => MemoryMarshal.Read<double>(data[(index * 8)..]),
        TensorElementType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(data[(index * 8)..]),
        TensorElementType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(data[(index * 4)..]),
        TensorElementType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(data[(index * 2)..]),
        TensorElementType.Int8 => (sbyte)data[index],
        TensorElementType.UInt8 or TensorElementType.Bool => data[index],
        TensorElementType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(data[(index * 2)..]),
        TensorElementType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(data[(index * 4)..]),
        TensorElementType.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(data[(index * 8)..]),
        TensorElementType.Float16 => (double)MemoryMarshal.Read<Half>(data[(index * 2)..]),
        _ => double.NaN,
    };
}
