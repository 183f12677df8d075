using System.Text.Json;

namespace Modelplane.Serving.Mlflow;

internal static partial class ScoringJsonReader
{
    /// <summary>
    /// A list of rows. With one model input each row is that input's values (flattened, so <c>[f1, f2]</c> and
    /// <c>[[f1, f2]]</c> both work); with several, each row holds one cell per column, in <paramref name="slots"/> order
    /// or else in the signature's input order.
    /// </summary>
    private static void ReadRows(ref Utf8JsonReader reader, ref RowTable table, string field, ReadOnlySpan<int> slots)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw MlflowErrorCodes.InvalidValue($"Field '{field}' must be a list of rows.");
        }
        long rows = 0;
        if (table.InputCount == 1 && slots.Length <= 1)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                table.AppendRow(ref reader, 0, field);
                rows++;
            }
        }
        else
        {
            var columns = slots.Length > 0 ? slots.Length : table.InputCount;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw MlflowErrorCodes.InvalidValue(
                        $"Row {rows} of '{field}' must be a list of {columns} values, one per column (model '{table.ModelName}' takes {table.InputList}).");
                }
                var cells = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (cells < columns)
                    {
                        table.AppendRow(ref reader, slots.Length > 0 ? slots[cells] : cells, field);
                    }
                    else
                    {
                        reader.Skip();
                    }
                    cells++;
                }
                if (cells != columns)
                {
                    throw MlflowErrorCodes.InvalidValue($"Row {rows} of '{field}' has {cells} values; expected {columns}, one per column.");
                }
                rows++;
            }
        }
        if (rows == 0)
        {
            throw MlflowErrorCodes.InvalidValue($"Field '{field}' has no rows.");
        }
    }
}
