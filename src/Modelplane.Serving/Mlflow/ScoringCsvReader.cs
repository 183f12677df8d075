using System.Buffers;
using System.Globalization;

namespace Modelplane.Serving.Mlflow;

/// <summary>
/// Reads a <c>text/csv</c> scoring request (pandas' <c>to_csv(index=False)</c>): a header row of column names when the
/// first row is not all numbers, then one row per line. Columns that all name inputs fill those inputs (one value each);
/// otherwise a single-input model takes the fields as its features, in order.
/// </summary>
internal static class ScoringCsvReader
{
    private const string Field = "csv";

    public static void Read(ReadOnlySequence<byte> body, ref RowTable table)
    {
        byte[]? rented = null;
        var text = body.IsSingleSegment ? body.FirstSpan : Copy(body, out rented);
        try
        {
            Read(text, ref table);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void Read(ReadOnlySpan<byte> text, ref RowTable table)
    {
        if (text.StartsWith("\uFEFF"u8))
        {
            text = text[3..];
        }
        var line = NextLine(ref text);
        if (line.IsEmpty)
        {
            throw MlflowErrorCodes.InvalidValue("The CSV body has no rows.");
        }

        // Up to 64 header columns are mapped on the stack; wider tables of one input need no map.
        Span<int> slots = stackalloc int[64];
        var columns = Count(line);
        var header = !AllNumbers(line);
        var byInput = header && MapHeader(line, ref table, slots);
        if (!byInput && table.InputCount > 1)
        {
            if (header)
            {
                throw MlflowErrorCodes.InvalidValue($"The CSV header names columns that are not inputs of model '{table.ModelName}' (expected: {table.InputList}).");
            }
            if (columns != table.InputCount || columns > slots.Length)
            {
                throw MlflowErrorCodes.InvalidValue(
                    $"The CSV rows have {columns} fields; model '{table.ModelName}' takes one per input ({table.InputList}), or name them in a header row.");
            }
            for (var i = 0; i < columns; i++)
            {
                slots[i] = i;
            }
            byInput = true;
        }
        if (!byInput)
        {
            table.ExpectWidth(0, columns, Field);
        }
        if (header)
        {
            line = NextLine(ref text);
        }

        long row = 0;
        while (!line.IsEmpty)
        {
            var fields = 0;
            foreach (var range in line.Split((byte)','))
            {
                var value = Unquote(line[range].Trim(" \t"u8));
                if (fields < columns)
                {
                    var slot = byInput ? slots[fields] : 0;
                    table.AppendText(slot, value, row, fields);
                    if (byInput)
                    {
                        table.EndRow(slot, 1, Field);
                    }
                }
                fields++;
            }
            if (fields != columns)
            {
                throw MlflowErrorCodes.InvalidValue($"Row {row} of the CSV body has {fields} fields; the first row has {columns}.");
            }
            if (!byInput)
            {
                table.EndRow(0, fields, Field);
            }
            row++;
            line = NextLine(ref text);
        }
        if (row == 0)
        {
            throw MlflowErrorCodes.InvalidValue("The CSV body has a header but no rows.");
        }
    }

    /// <summary>Maps header columns to inputs; false when any column names no input.</summary>
    private static bool MapHeader(scoped ReadOnlySpan<byte> line, ref RowTable table, scoped Span<int> slots)
    {
        var column = 0;
        foreach (var range in line.Split((byte)','))
        {
            var name = Unquote(line[range].Trim(" \t"u8));
            var slot = -1;
            for (var i = 0; i < table.InputCount; i++)
            {
                if (name.SequenceEqual(table.InputUtf8Name(i)))
                {
                    slot = i;
                }
            }
            if (slot < 0 || column >= slots.Length || slots[..column].Contains(slot))
            {
                return false;
            }
            slots[column++] = slot;
        }
        return true;
    }

    private static ReadOnlySpan<byte> NextLine(ref ReadOnlySpan<byte> text)
    {
        while (!text.IsEmpty)
        {
            var end = text.IndexOf((byte)'\n');
            var line = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            line = line.TrimEnd((byte)'\r');
            if (!line.Trim(" \t"u8).IsEmpty)
            {
                return line;
            }
        }
        return [];
    }

    private static int Count(ReadOnlySpan<byte> line) => line.Count((byte)',') + 1;

    private static bool AllNumbers(ReadOnlySpan<byte> line)
    {
        foreach (var range in line.Split((byte)','))
        {
            if (!double.TryParse(Unquote(line[range].Trim(" \t"u8)), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return false;
            }
        }
        return true;
    }

    private static ReadOnlySpan<byte> Unquote(ReadOnlySpan<byte> field) =>
        field.Length >= 2 && field[0] == (byte)'"' && field[^1] == (byte)'"' ? field[1..^1] : field;

    private static ReadOnlySpan<byte> Copy(ReadOnlySequence<byte> body, out byte[] rented)
    {
        rented = ArrayPool<byte>.Shared.Rent(checked((int)body.Length));
        body.CopyTo(rented);
        return rented.AsSpan(0, (int)body.Length);
    }
}
