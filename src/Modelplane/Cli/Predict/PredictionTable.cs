using System.Text.Json;
using Spectre.Console;

namespace Modelplane.Cli.Predict;

/// <summary>Lays out an OIP inference response as a table: one row per input row, one column per output tensor.</summary>
internal static class PredictionTable
{
    /// <summary>Builds the table from the response JSON.</summary>
    /// <exception cref="JsonException">The response is not an OIP response.</exception>
    public static Table Build(JsonElement response)
    {
        if (response.ValueKind != JsonValueKind.Object || !response.TryGetProperty("outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The inference response has no 'outputs' array.");
        }

        var columns = outputs.EnumerateArray().Select(Column).ToList();
        var rowCount = columns.Count == 0 ? 0 : columns.Max(c => c.Rows);
        var table = CliOutput.Table(["Row", .. columns.Select(c => c.Name)]);
        for (var row = 0; row < rowCount; row++)
        {
            table.AddRow([$"{row + 1}", .. columns.Select(c => c.Cell(row).EscapeMarkup())]);
        }

        return table;
    }

    private static OutputColumn Column(JsonElement output)
    {
        var name = output.TryGetProperty("name", out var n) ? n.GetString() ?? "?" : "?";
        var values = new List<JsonElement>();
        if (output.TryGetProperty("data", out var data))
        {
            Flatten(data, values);
        }

        var rows = output.TryGetProperty("shape", out var shape) && shape.ValueKind == JsonValueKind.Array && shape.GetArrayLength() > 0
            && shape[0].TryGetInt64(out var first) && first > 0
            ? (int)first
            : 1;
        return new OutputColumn(name, rows, values);
    }

    private static void Flatten(JsonElement data, List<JsonElement> values)
    {
        if (data.ValueKind != JsonValueKind.Array)
        {
            values.Add(data);
            return;
        }

        foreach (var item in data.EnumerateArray())
        {
            Flatten(item, values);
        }
    }

    private sealed record OutputColumn(string Name, int Rows, List<JsonElement> Values)
    {
        public string Cell(int row)
        {
            var perRow = Rows == 0 ? 0 : Values.Count / Rows;
            if (row >= Rows || perRow == 0)
            {
                return "";
            }

            var cells = Values.Skip(row * perRow).Take(perRow).Select(Text).ToList();
            return perRow == 1 ? cells[0] : "[" + string.Join(", ", cells) + "]";
        }

        private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
    }
}
