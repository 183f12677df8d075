using System.Buffers;
using System.Text.Json;

namespace Modelplane.Serving.Mlflow;

internal static partial class ScoringJsonReader
{
    private const string SplitData = "dataframe_split.data";
    private const string SplitColumns = "dataframe_split.columns";

    /// <summary><c>{"columns": [...], "data": [[...], ...]}</c> (pandas' split orientation); <c>index</c> is ignored.</summary>
    private static void ReadSplit(ref Utf8JsonReader reader, ref RowTable table)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw MlflowErrorCodes.InvalidValue("Field 'dataframe_split' must be an object with 'columns' and 'data', as pandas' to_dict(orient=\"split\") gives.");
        }
        int[]? slots = null;
        var columns = -1;
        var byInput = false;
        var hasData = false;
        var deferred = false;
        var checkpoint = default(Utf8JsonReader);
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("columns"u8))
                {
                    if (columns >= 0)
                    {
                        throw new InferenceRequestException($"Field '{SplitColumns}' appears more than once.");
                    }
                    reader.Read();
                    columns = ReadColumnNames(ref reader, ref table, ref slots, out byInput);
                }
                else if (reader.ValueTextEquals("data"u8))
                {
                    if (hasData)
                    {
                        throw new InferenceRequestException($"Field '{SplitData}' appears more than once.");
                    }
                    hasData = true;
                    reader.Read();
                    if (columns >= 0)
                    {
                        ReadSplitData(ref reader, ref table, columns, byInput, slots);
                    }
                    else
                    {
                        // The columns may still follow; the rows are read once they are known.
                        checkpoint = reader;
                        deferred = true;
                        reader.Skip();
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            if (!hasData)
            {
                throw new InferenceRequestException($"Field '{SplitData}' is missing.");
            }
            if (deferred)
            {
                ReadSplitData(ref checkpoint, ref table, columns, byInput, slots);
            }
        }
        finally
        {
            if (slots is not null)
            {
                ArrayPool<int>.Shared.Return(slots);
            }
        }
    }

    private static void ReadSplitData(ref Utf8JsonReader reader, ref RowTable table, int columns, bool byInput, int[]? slots)
    {
        if (columns >= 0 && !byInput)
        {
            // Columns that name no input are the single input's features, in order (MLflow feeds DataFrame.values).
            table.ExpectWidth(0, columns, SplitColumns);
        }
        ReadRows(ref reader, ref table, SplitData, byInput ? slots.AsSpan(0, columns) : []);
    }

    /// <summary>Reads the column list; each column names an input, or (for a single-input model) all are its features.</summary>
    /// <returns>The number of columns.</returns>
    private static int ReadColumnNames(ref Utf8JsonReader reader, ref RowTable table, ref int[]? slots, out bool byInput)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw MlflowErrorCodes.InvalidValue($"Field '{SplitColumns}' must be a list of column names.");
        }
        slots ??= ArrayPool<int>.Shared.Rent(16);
        var count = 0;
        string? unknown = null;
        var allInputs = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
            {
                throw MlflowErrorCodes.InvalidValue($"Field '{SplitColumns}' must be a list of column names.");
            }
            var slot = reader.TokenType == JsonTokenType.String ? table.FindInput(ref reader) : -1;
            if (slot < 0)
            {
                allInputs = false;
                // Only a multi-input model fails on an unknown column, so only then is the name worth a string.
                unknown ??= table.InputCount > 1 ? ColumnText(ref reader) : null;
            }
            if (count == slots.Length)
            {
                var grown = ArrayPool<int>.Shared.Rent(count * 2);
                slots.AsSpan(0, count).CopyTo(grown);
                ArrayPool<int>.Shared.Return(slots);
                slots = grown;
            }
            slots[count++] = slot;
        }
        if (count == 0)
        {
            throw MlflowErrorCodes.InvalidValue($"Field '{SplitColumns}' is empty.");
        }
        byInput = allInputs;
        if (allInputs)
        {
            for (var i = 1; i < count; i++)
            {
                if (slots.AsSpan(0, i).Contains(slots[i]))
                {
                    throw MlflowErrorCodes.InvalidValue($"Field '{SplitColumns}' names input '{table.InputName(slots[i])}' more than once.");
                }
            }
        }
        else if (table.InputCount > 1)
        {
            throw MlflowErrorCodes.InvalidValue(
                $"Column '{unknown}' of '{SplitColumns}' is not an input of model '{table.ModelName}' (expected: {table.InputList}).");
        }
        return count;
    }

    private static string ColumnText(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.String
        ? reader.GetString() ?? ""
        : System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
}
