using System.Runtime.InteropServices;
using System.Text.Json;
using Modelplane.Registry.Models;

namespace Modelplane.Serving.Oip;

/// <summary>Reads an OIP <c>data</c> array, flat or nested, straight into a typed buffer.</summary>
internal static class TensorDataReader
{
    /// <summary>
    /// Reads the array the reader is positioned on. Stores at most <paramref name="capacity"/> elements into
    /// <paramref name="destination"/> but counts them all, so callers can report the real length.
    /// </summary>
    /// <returns>The number of scalar values found.</returns>
    public static long Read(ref Utf8JsonReader reader, TensorElementType type, Span<byte> destination, int capacity, string label)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new InferenceRequestException($"Input '{label}' field 'data' must be an array.");
        }
        return type switch
        {
            TensorElementType.Float32 => Read<float, ElementParsers.Float32>(ref reader, Cast<float>(destination, capacity), label),
            TensorElementType.Float64 => Read<double, ElementParsers.Float64>(ref reader, Cast<double>(destination, capacity), label),
            TensorElementType.Float16 => Read<Half, ElementParsers.Float16>(ref reader, Cast<Half>(destination, capacity), label),
            TensorElementType.Int64 => Read<long, ElementParsers.Int64>(ref reader, Cast<long>(destination, capacity), label),
            TensorElementType.Int32 => Read<int, ElementParsers.Int32>(ref reader, Cast<int>(destination, capacity), label),
            TensorElementType.Int16 => Read<short, ElementParsers.Int16>(ref reader, Cast<short>(destination, capacity), label),
            TensorElementType.Int8 => Read<sbyte, ElementParsers.Int8>(ref reader, Cast<sbyte>(destination, capacity), label),
            TensorElementType.UInt64 => Read<ulong, ElementParsers.UInt64>(ref reader, Cast<ulong>(destination, capacity), label),
            TensorElementType.UInt32 => Read<uint, ElementParsers.UInt32>(ref reader, Cast<uint>(destination, capacity), label),
            TensorElementType.UInt16 => Read<ushort, ElementParsers.UInt16>(ref reader, Cast<ushort>(destination, capacity), label),
            TensorElementType.UInt8 => Read<byte, ElementParsers.UInt8>(ref reader, Cast<byte>(destination, capacity), label),
            TensorElementType.Bool => Read<bool, ElementParsers.Bool>(ref reader, Cast<bool>(destination, capacity), label),
            _ => throw new InferenceRequestException($"Input '{label}' has datatype {OipDatatypes.Name(type)}, which Modelplane does not support yet."),
        };
    }

    private static Span<T> Cast<T>(Span<byte> bytes, int capacity)
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(bytes)[..capacity];

    // Nested arrays are flattened in row-major order, as Triton does; their structure is not checked against
    // the declared shape, only the total count is.
    private static long Read<T, TParser>(ref Utf8JsonReader reader, Span<T> destination, string label)
        where T : unmanaged
        where TParser : IElementParser<T>
    {
        var depth = 1;
        long count = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndArray:
                    if (--depth == 0)
                    {
                        return count;
                    }
                    break;
                default:
                    var value = TParser.Parse(ref reader, label);
                    if (count < destination.Length)
                    {
                        destination[(int)count] = value;
                    }
                    count++;
                    break;
            }
        }
        // The reader is over a final block, so it throws on a truncated array before getting here.
        throw new InferenceRequestException($"Input '{label}' field 'data' is not terminated.");
    }
}
