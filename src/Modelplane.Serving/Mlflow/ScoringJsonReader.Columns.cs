using System.Text.Json;

namespace Modelplane.Serving.Mlflow;

internal static partial class ScoringJsonReader
{
    /// <summary>
    /// An object of columns: <c>{"input": [row, ...]}</c> per input (MLflow's tensor dictionary), or for a single-input
    /// model <c>{"feature": [v, ...], ...}</c>, one list of values per feature in the input's order.
    /// </summary>
    private static void ReadColumns(ref Utf8JsonReader reader, ref RowTable table, string field)
    {
        var names = default(ColumnNames);
        try
        {
            if (ScanKeys(reader, ref table, ref names, field))
            {
                ReadInputColumns(ref reader, ref table, field);
            }
            else
            {
                ReadFeatureColumns(ref reader, ref table, ref names, field);
            }
        }
        finally
        {
            names.Dispose();
        }
    }

    private static void ReadInputColumns(ref Utf8JsonReader reader, ref RowTable table, string field)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var slot = table.FindInput(ref reader);
            if (table.Rows(slot) != 0)
            {
                throw MlflowErrorCodes.InvalidValue($"Field '{field}' has input '{table.InputName(slot)}' more than once.");
            }
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw MlflowErrorCodes.InvalidValue($"Field '{field}.{table.InputName(slot)}' must be a list with one entry per row.");
            }
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                table.AppendRow(ref reader, slot, field);
            }
            if (table.Rows(slot) == 0)
            {
                throw MlflowErrorCodes.InvalidValue($"Field '{field}.{table.InputName(slot)}' has no rows.");
            }
        }
    }

    private static void ReadFeatureColumns(ref Utf8JsonReader reader, ref RowTable table, ref ColumnNames names, string field)
    {
        var width = names.Count;
        long rows = -1;
        var column = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw MlflowErrorCodes.InvalidValue($"Column '{names.Name(column)}' of '{field}' must be a list with one value per row.");
            }
            long row = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                table.Store(ref reader, 0, row * width + column);
                row++;
            }
            if (rows < 0)
            {
                rows = row;
            }
            else if (row != rows)
            {
                throw MlflowErrorCodes.InvalidValue(
                    $"Column '{names.Name(column)}' of '{field}' has {row} values; column '{names.Name(0)}' has {rows}.");
            }
            column++;
        }
        if (rows <= 0)
        {
            throw MlflowErrorCodes.InvalidValue($"Field '{field}' has no rows.");
        }
        table.SetRows(0, rows, width);
    }
}
