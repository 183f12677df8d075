using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Modelplane.Serving.Oip;

/// <summary>Converts the current JSON token to one tensor element, or throws a 400 naming the input.</summary>
internal interface IElementParser<T>
    where T : unmanaged
{
    static abstract T Parse(ref Utf8JsonReader reader, string label);
}

/// <summary>One parser per OIP datatype; structs so the generic reader is specialised per type.</summary>
internal static class ElementParsers
{
    internal readonly struct Float32 : IElementParser<float>
    {
        public static float Parse(ref Utf8JsonReader reader, string label)
        {
            ExpectNumber(ref reader, label, "FP32");
            if (!reader.HasValueSequence && ShortDecimal.TryParseSingle(reader.ValueSpan, out var common))
            {
                return common;
            }

            return reader.TryGetSingle(out var v) && float.IsFinite(v) ? v : throw OutOfRange(ref reader, label, "FP32");
        }
    }

    internal readonly struct Float64 : IElementParser<double>
    {
        public static double Parse(ref Utf8JsonReader reader, string label)
        {
            ExpectNumber(ref reader, label, "FP64");
            return reader.TryGetDouble(out var v) && double.IsFinite(v) ? v : throw OutOfRange(ref reader, label, "FP64");
        }
    }

    internal readonly struct Float16 : IElementParser<Half>
    {
        public static Half Parse(ref Utf8JsonReader reader, string label)
        {
            ExpectNumber(ref reader, label, "FP16");
            return reader.TryGetDouble(out var v) && Half.IsFinite((Half)v) ? (Half)v : throw OutOfRange(ref reader, label, "FP16");
        }
    }

    internal readonly struct Int64 : IElementParser<long>
    {
        public static long Parse(ref Utf8JsonReader reader, string label) => Integer(ref reader, label, "INT64", long.MinValue, long.MaxValue);
    }

    internal readonly struct Int32 : IElementParser<int>
    {
        public static int Parse(ref Utf8JsonReader reader, string label) => (int)Integer(ref reader, label, "INT32", int.MinValue, int.MaxValue);
    }

    internal readonly struct Int16 : IElementParser<short>
    {
        public static short Parse(ref Utf8JsonReader reader, string label) => (short)Integer(ref reader, label, "INT16", short.MinValue, short.MaxValue);
    }

    internal readonly struct Int8 : IElementParser<sbyte>
    {
        public static sbyte Parse(ref Utf8JsonReader reader, string label) => (sbyte)Integer(ref reader, label, "INT8", sbyte.MinValue, sbyte.MaxValue);
    }

    internal readonly struct UInt32 : IElementParser<uint>
    {
        public static uint Parse(ref Utf8JsonReader reader, string label) => (uint)Integer(ref reader, label, "UINT32", 0, uint.MaxValue);
    }

    internal readonly struct UInt16 : IElementParser<ushort>
    {
        public static ushort Parse(ref Utf8JsonReader reader, string label) => (ushort)Integer(ref reader, label, "UINT16", 0, ushort.MaxValue);
    }

    internal readonly struct UInt8 : IElementParser<byte>
    {
        public static byte Parse(ref Utf8JsonReader reader, string label) => (byte)Integer(ref reader, label, "UINT8", 0, byte.MaxValue);
    }

    internal readonly struct UInt64 : IElementParser<ulong>
    {
        public static ulong Parse(ref Utf8JsonReader reader, string label)
        {
            ExpectNumber(ref reader, label, "UINT64");
            if (reader.TryGetUInt64(out var v))
            {
                return v;
            }
            var whole = IntegralDouble(ref reader, label, "UINT64");
            return whole >= 0 && whole < 18446744073709551616.0 ? (ulong)whole : throw OutOfRange(ref reader, label, "UINT64");
        }
    }

    internal readonly struct Bool : IElementParser<bool>
    {
        public static bool Parse(ref Utf8JsonReader reader, string label) => reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw new InferenceRequestException(
                $"Input '{label}' data must contain only true or false for datatype BOOL; found {Describe(ref reader)}."),
        };
    }

    private static long Integer(ref Utf8JsonReader reader, string label, string datatype, long min, long max)
    {
        ExpectNumber(ref reader, label, datatype);
        if (reader.TryGetInt64(out var v))
        {
            return v >= min && v <= max ? v : throw OutOfRange(ref reader, label, datatype);
        }
        // Not a plain integer literal: 2.0 or 1e3 are accepted as the integers they denote, 1.5 is not.
        var whole = IntegralDouble(ref reader, label, datatype);
        return whole >= min && whole <= max && whole is >= -9.2233720368547758E18 and < 9.2233720368547758E18
            ? (long)whole
            : throw OutOfRange(ref reader, label, datatype);
    }

    private static double IntegralDouble(ref Utf8JsonReader reader, string label, string datatype)
    {
        if (!reader.TryGetDouble(out var d) || !double.IsFinite(d))
        {
            throw OutOfRange(ref reader, label, datatype);
        }
        return Math.Truncate(d) == d
            ? d
            : throw new InferenceRequestException($"Input '{label}' data has {Text(ref reader)}, which is not an integer as datatype {datatype} requires.");
    }

    private static void ExpectNumber(ref Utf8JsonReader reader, string label, string datatype)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new InferenceRequestException($"Input '{label}' data must contain only numbers for datatype {datatype}; found {Describe(ref reader)}.");
        }
    }

    private static InferenceRequestException OutOfRange(ref Utf8JsonReader reader, string label, string datatype) =>
        new($"Input '{label}' data has {Text(ref reader)}, which is out of range for datatype {datatype}.");

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"the string \"{Truncate(reader.GetString() ?? "")}\"",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.True or JsonTokenType.False => reader.TokenType == JsonTokenType.True ? "true" : "false",
        _ => Text(ref reader),
    };

    private static string Text(ref Utf8JsonReader reader) => Truncate(reader.HasValueSequence
        ? Encoding.UTF8.GetString(reader.ValueSequence.ToArray())
        : Encoding.UTF8.GetString(reader.ValueSpan));

    private static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "...");

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
