using System.Text.Json;

namespace Modelplane.Serving.Mlflow;

internal static partial class ScoringJsonReader
{
    /// <summary>
    /// A list of records <c>[{"col": value, ...}, ...]</c>. When every key names an input, each value is that input's row;
    /// otherwise (a single-input model) the keys are its features, in the first record's order, matched by name after.
    /// </summary>
    private static void ReadRecords(ref Utf8JsonReader reader, ref RowTable table, string field)
    {
        var first = reader;
        first.Read();
        if (first.TokenType == JsonTokenType.EndArray)
        {
            throw MlflowErrorCodes.InvalidValue($"Field '{field}' has no rows.");
        }
        if (first.TokenType != JsonTokenType.StartObject)
        {
            throw MlflowErrorCodes.InvalidValue($"Entry 0 of '{field}' must be an object of column names to values.");
        }
        var names = default(ColumnNames);
        try
        {
            var byInput = ScanKeys(first, ref table, ref names, field);
            var width = names.Count;
            Span<bool> seen = width <= 512 ? stackalloc bool[width] : new bool[width];
            long row = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw MlflowErrorCodes.InvalidValue($"Entry {row} of '{field}' must be an object of column names to values.");
                }
                if (byInput)
                {
                    ReadInputRecord(ref reader, ref table, row, field);
                }
                else
                {
                    ReadFeatureRecord(ref reader, ref table, ref names, seen, row, field);
                }
                row++;
            }
            if (!byInput)
            {
                table.SetRows(0, row, width);
            }
        }
        finally
        {
            names.Dispose();
        }
    }

    private static void ReadInputRecord(ref Utf8JsonReader reader, ref RowTable table, long row, string field)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var slot = table.FindInput(ref reader);
            if (slot < 0)
            {
                throw MlflowErrorCodes.InvalidValue(
                    $"Entry {row} of '{field}' has column '{reader.GetString()}', which is not an input of model '{table.ModelName}' (expected: {table.InputList}).");
            }
            reader.Read();
            table.AppendRow(ref reader, slot, field);
        }
        for (var slot = 0; slot < table.InputCount; slot++)
        {
            var rows = table.Rows(slot);
            if (rows != 0 && rows != row + 1)
            {
                throw MlflowErrorCodes.InvalidValue(
                    $"Entry {row} of '{field}' gives input '{table.InputName(slot)}' {(rows > row + 1 ? "more than once" : "no value")}; every record needs the columns of the first.");
            }
        }
    }

    private static void ReadFeatureRecord(ref Utf8JsonReader reader, ref RowTable table, ref ColumnNames names, scoped Span<bool> seen, long row, string field)
    {
        seen.Clear();
        var width = names.Count;
        var given = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var column = names.IndexOf(ref reader, given);
            if (column < 0)
            {
                throw MlflowErrorCodes.InvalidValue($"Entry {row} of '{field}' has column '{reader.GetString()}', which the first record does not have.");
            }
            if (seen[column])
            {
                throw MlflowErrorCodes.InvalidValue($"Entry {row} of '{field}' has column '{names.Name(column)}' more than once.");
            }
            seen[column] = true;
            given++;
            reader.Read();
            table.Store(ref reader, 0, row * width + column);
        }
        if (given != width)
        {
            throw MlflowErrorCodes.InvalidValue($"Entry {row} of '{field}' lacks column '{names.Name(seen.IndexOf(false))}'.");
        }
    }

    /// <summary>Reads the keys of one object (on a copy of the reader): do they all name inputs, or are they one input's features?</summary>
    /// <returns>True when every key names an input.</returns>
    private static bool ScanKeys(Utf8JsonReader reader, ref RowTable table, ref ColumnNames names, string field)
    {
        var allInputs = true;
        string? unknown = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (table.FindInput(ref reader) < 0)
            {
                allInputs = false;
                unknown ??= table.InputCount > 1 ? reader.GetString() : null;
            }
            names.Add(ref reader);
            reader.Skip();
        }
        if (names.Count == 0)
        {
            throw MlflowErrorCodes.InvalidValue($"The first entry of '{field}' has no columns.");
        }
        if (allInputs)
        {
            return true;
        }
        if (table.InputCount > 1)
        {
            throw MlflowErrorCodes.InvalidValue(
                $"Column '{unknown}' of '{field}' is not an input of model '{table.ModelName}' (expected: {table.InputList}).");
        }
        table.ExpectWidth(0, names.Count, field);
        return false;
    }
}
