using System.Buffers;
using System.Globalization;
using System.Text;

namespace Modelplane.Serving.Logging;

/// <summary>The endings every log entry shares: a value written as it is, or a marker standing for the body.</summary>
internal static class LogText
{
    // Room for the longest marker, {"truncated":true,"bytes":9223372036854775807}.
    private const int MarkerBytes = 64;

    /// <summary>Writes a value already in stored form, or the truncation marker when it passes <paramref name="maxBytes"/>.</summary>
    public static void Value(IBufferWriter<byte> output, ReadOnlySpan<byte> value, int maxBytes, long bodyLength)
    {
        if (value.Length > maxBytes)
        {
            Truncated(output, bodyLength);
            return;
        }

        output.Write(value);
    }

    /// <summary><c>{"truncated":true,"bytes":N}</c></summary>
    public static void Truncated(IBufferWriter<byte> output, long bytes) => Marker(output, """{"truncated":true,"bytes":"""u8, bytes);

    /// <summary><c>{"unparsed":true,"bytes":N}</c></summary>
    public static void Unparsed(IBufferWriter<byte> output, long bytes) => Marker(output, """{"unparsed":true,"bytes":"""u8, bytes);

    /// <summary><c>{"binary_bytes":N}</c></summary>
    public static void BinaryBytes(IBufferWriter<byte> output, long bytes) => Marker(output, """{"binary_bytes":"""u8, bytes);

    /// <summary>The stored text as a string, for the string-returning API.</summary>
    public static string Decode(ArrayBufferWriter<byte> written) => Encoding.UTF8.GetString(written.WrittenSpan);

    private static void Marker(IBufferWriter<byte> output, ReadOnlySpan<byte> start, long bytes)
    {
        var span = output.GetSpan(MarkerBytes);
        start.CopyTo(span);
        bytes.TryFormat(span[start.Length..], out var digits, default, CultureInfo.InvariantCulture);
        span[start.Length + digits] = (byte)'}';
        output.Advance(start.Length + digits + 1);
    }
}
