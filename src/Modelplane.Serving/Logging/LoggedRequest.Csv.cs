using System.Buffers;
using System.Text.Unicode;

namespace Modelplane.Serving.Logging;

/// <summary>MLflow <c>text/csv</c>: the header and rows as <c>{"columns":[...],"data":[[...]]}</c>.</summary>
public static partial class LoggedRequest
{
    /// <summary>Writes the CSV as columns and rows; false when the text is not UTF-8, a row's width differs from the header's, or a quote is unclosed.</summary>
    /// <remarks>Like the server, a first row of numbers only is a row, not a header; the columns are then an empty list.</remarks>
    private static bool WriteCsv(ReadOnlySpan<byte> text, LogWriter log)
    {
        var csv = new CsvCursor(text, new ArrayBufferWriter<byte>());
        if (!Utf8.IsValid(text) || !csv.NextRow())
        {
            return false;
        }
        var first = new List<byte[]>();
        bool last;
        do
        {
            if (!csv.TryReadField(out var value, out last))
            {
                return false;
            }
            first.Add(value.ToArray());
        }
        while (!last);

        var header = !first.TrueForAll(field => IsJsonNumber(field));
        var redacted = new bool[first.Count];
        log.Json.WriteStartObject();
        log.Json.WriteStartArray("columns"u8);
        for (var column = 0; header && column < first.Count; column++)
        {
            log.Json.WriteStringValue(first[column]);
            redacted[column] = log.Redactor.Redacts(first[column]);
        }
        log.Json.WriteEndArray();

        log.Json.WriteStartArray("data"u8);
        if (!header)
        {
            log.Json.WriteStartArray();
            foreach (var field in first)
            {
                WriteCsvCell(field, redact: false, log);
            }
            log.Json.WriteEndArray();
        }
        while (csv.NextRow())
        {
            log.Json.WriteStartArray();
            var column = 0;
            do
            {
                if (!csv.TryReadField(out var value, out last) || column == first.Count)
                {
                    return false;
                }
                WriteCsvCell(value, redacted[column++], log);
            }
            while (!last);
            if (column != first.Count)
            {
                return false;
            }
            log.Json.WriteEndArray();
            if (log.Full)
            {
                return false;
            }
        }
        log.Json.WriteEndArray();
        log.Json.WriteEndObject();
        return true;
    }

    /// <summary>Writes a field as a JSON number when it is one, as null when empty (pandas reads NaN), else as a string.</summary>
    private static void WriteCsvCell(ReadOnlySpan<byte> value, bool redact, LogWriter log)
    {
        if (value.IsEmpty)
        {
            log.Json.WriteNullValue();
        }
        else if (IsJsonNumber(value))
        {
            if (redact)
            {
                log.WriteHash(value);
            }
            else
            {
                log.Json.WriteRawValue(value, skipInputValidation: true);
            }
        }
        else if (redact)
        {
            // Hashed over the JSON string's text, so a CSV cell and the same value sent as JSON hash alike.
            log.WriteStringHash(value);
        }
        else
        {
            log.Json.WriteStringValue(value);
        }
    }

    /// <summary>Whether the text is a number in JSON's grammar, so it can be written as it stands (unlike "NaN", "+1" or ".5").</summary>
    private static bool IsJsonNumber(ReadOnlySpan<byte> text)
    {
        var i = !text.IsEmpty && text[0] == (byte)'-' ? 1 : 0;
        if (i < text.Length && text[i] == (byte)'0')
        {
            i++;
        }
        else if (Digits(text, ref i) == 0)
        {
            return false;
        }
        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            if (Digits(text, ref i) == 0)
            {
                return false;
            }
        }
        if (i < text.Length && text[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }
            if (Digits(text, ref i) == 0)
            {
                return false;
            }
        }
        return i == text.Length;
    }

    private static int Digits(ReadOnlySpan<byte> text, ref int index)
    {
        var count = text[index..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        count = count < 0 ? text.Length - index : count;
        index += count;
        return count;
    }
}
