using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Modelplane.Server.Replay;

/// <summary>
/// The labels and scores of one answer, read the way <see cref="Serving.Routing.PredictionObservation"/> reads a live
/// one: the first floating-point output is the scores, the first integer, boolean or string output the labels.
/// </summary>
internal sealed record Prediction(string[]? Labels, double[]? Scores)
{
    // As many values as the live observation keeps, so a logged and a replayed answer are compared over the same elements.
    private const int MaxKept = 1024;
    private const int Shown = 4;

    /// <summary>Reads a logged OIP <c>outputs</c> array (<c>[{"name","datatype","shape","data"}, ...]</c>); null for anything else.</summary>
    public static Prediction? FromLoggedOutputs(string? outputs)
    {
        if (outputs is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(outputs);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        string[]? labels = null;
        double[]? scores = null;
        foreach (var output in root.EnumerateArray())
        {
            if (output.ValueKind != JsonValueKind.Object || !output.TryGetProperty("datatype", out var type) || !output.TryGetProperty("data", out var data))
            {
                return null;
            }

            var values = Flatten(data);
            switch (type.GetString())
            {
                case "FP32" or "FP64" when scores is null:
                    scores = [.. values.Select(v => Score(v, single: type.GetString() == "FP32"))];
                    break;
                case "INT64" or "INT32" or "INT16" or "INT8" or "UINT8" or "BOOL" or "BYTES" when labels is null:
                    labels = [.. values.Select(Label)];
                    break;
            }
        }

        return new Prediction(labels, scores);
    }

    /// <summary>A short text for a report: up to four labels and scores.</summary>
    public string Summary()
    {
        var text = new StringBuilder();
        if (Labels is { Length: > 0 } labels)
        {
            text.Append("labels [").AppendJoin(", ", labels.Take(Shown)).Append(labels.Length > Shown ? ", …]" : "]");
        }

        if (Scores is { Length: > 0 } scores)
        {
            text.Append(text.Length > 0 ? " " : "").Append("scores [")
                .AppendJoin(", ", scores.Take(Shown).Select(s => s.ToString("G4", CultureInfo.InvariantCulture)))
                .Append(scores.Length > Shown ? ", …]" : "]");
        }

        return text.Length == 0 ? "(no labels or scores)" : text.ToString();
    }

    private static List<JsonElement> Flatten(JsonElement data)
    {
        var values = new List<JsonElement>();
        void Add(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    Add(item);
                }
            }
            else if (values.Count < MaxKept)
            {
                values.Add(e);
            }
        }

        Add(data);
        return values;
    }

    // FP32 is written as the shortest text that reads back to the same float: read it as a float, so a version
    // replayed against itself differs by exactly 0. Non-finite values are written as strings.
    private static double Score(JsonElement value, bool single) => value.ValueKind switch
    {
        JsonValueKind.Number => single ? value.GetSingle() : value.GetDouble(),
        JsonValueKind.String => value.GetString() switch
        {
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => double.NaN,
        },
        _ => double.NaN,
    };

    // As the live observation writes labels: integers as invariant text, booleans as 1 and 0, strings as they are.
    private static string Label(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        _ => value.GetRawText(),
    };
}
