using System.Buffers;

namespace Modelplane.Serving.Logging;

/// <summary>
/// Reads CSV fields (RFC 4180: quoted fields may hold commas, line breaks and doubled quotes) one at a time, skipping
/// blank lines and the spaces around unquoted fields, as <c>ScoringCsvReader</c> does.
/// </summary>
/// <remarks><c>ScoringCsvReader</c> itself writes into a model's input buffers and splits at every comma, so it does not fit here.</remarks>
internal ref struct CsvCursor(ReadOnlySpan<byte> text, ArrayBufferWriter<byte> unquoted)
{
    private ReadOnlySpan<byte> _text = text.StartsWith("\uFEFF"u8) ? text[3..] : text;

    /// <summary>Moves past blank lines; false when no row is left.</summary>
    public bool NextRow()
    {
        while (!_text.IsEmpty)
        {
            var end = _text.IndexOf((byte)'\n');
            var line = end < 0 ? _text : _text[..end];
            if (!line.Trim(" \t\r"u8).IsEmpty)
            {
                return true;
            }
            _text = end < 0 ? [] : _text[(end + 1)..];
        }
        return false;
    }

    /// <summary>Reads the next field of the row; <paramref name="last"/> says it ended the row.</summary>
    /// <returns>False when a quoted field has no closing quote or text after it.</returns>
    /// <remarks>The value stays valid until the next call.</remarks>
    public bool TryReadField(out ReadOnlySpan<byte> value, out bool last)
    {
        var rest = _text.TrimStart(" \t"u8);
        if (rest.IsEmpty || rest[0] != (byte)'"')
        {
            var end = _text.IndexOfAny((byte)',', (byte)'\n');
            value = (end < 0 ? _text : _text[..end]).Trim(" \t\r"u8);
            last = end < 0 || _text[end] == (byte)'\n';
            _text = end < 0 ? [] : _text[(end + 1)..];
            return true;
        }

        rest = rest[1..];
        var close = rest.IndexOf((byte)'"');
        if (close < 0)
        {
            value = default;
            last = true;
            return false;
        }
        if (close + 1 < rest.Length && rest[close + 1] == (byte)'"')
        {
            // Doubled quotes stand for one: the field is copied without them.
            unquoted.ResetWrittenCount();
            while (close >= 0 && close + 1 < rest.Length && rest[close + 1] == (byte)'"')
            {
                unquoted.Write(rest[..(close + 1)]);
                rest = rest[(close + 2)..];
                close = rest.IndexOf((byte)'"');
            }
            if (close < 0)
            {
                value = default;
                last = true;
                return false;
            }
            unquoted.Write(rest[..close]);
            value = unquoted.WrittenSpan;
        }
        else
        {
            value = rest[..close];
        }

        rest = rest[(close + 1)..].TrimStart(" \t"u8);
        if (!rest.IsEmpty && rest[0] == (byte)',')
        {
            last = false;
            _text = rest[1..];
            return true;
        }
        var lineEnd = rest.IsEmpty ? 0 : rest[0] == (byte)'\n' ? 1 : rest.StartsWith("\r\n"u8) ? 2 : -1;
        last = true;
        _text = lineEnd < 0 ? [] : rest[lineEnd..];
        return lineEnd >= 0;
    }
}
