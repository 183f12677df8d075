using System.Globalization;
using System.Text.Json;
using Modelplane.Client.Contracts;
using Modelplane.Registry.InferenceLog;
using Modelplane.Registry.Monitoring;
using Modelplane.Serving.Monitoring.Statistics;

namespace Modelplane.Server.Monitoring;

/// <summary>
/// The quality of one window: realised from the labels that arrived for its logged predictions (computed when asked,
/// so late labels count), and estimated from its calibrated confidence sums without labels.
/// </summary>
internal static class WindowQuality
{
    /// <summary>The window's quality; <paramref name="labeled"/> are the endpoint's labeled predictions (any window).</summary>
    public static WindowQualityDto Of(MonitoringWindow window, IEnumerable<LabeledPrediction> labeled, double minCoverage)
    {
        var mine = labeled
            .Where(p => p.Record.Model == window.Model && p.Record.Version == window.Version && p.Record.Status == 200
                && p.Record.At >= window.StartedAt && p.Record.At < window.EndedAt)
            .Select(p => (Prediction: Read(p.Record.Outputs), Label: Normalize(p.Label), Delay: (p.LabeledAt - p.Record.At).TotalSeconds))
            .Where(p => p.Prediction is not null && p.Label is not null)
            .ToList();
        var realised = mine.Count == 0 ? null : Realised([.. mine.Select(p => (p.Prediction!, p.Label!))]);
        var estimated = Estimated(window.Profile.Confidence);
        var coverage = window.Rows == 0 ? 0 : Math.Min(1, (double)mine.Count / window.Rows);
        var source = realised is not null && coverage >= minCoverage ? "realised" : estimated is not null ? "estimated" : realised is not null ? "realised" : "none";
        return new WindowQualityDto(
            window.Id, window.Model, window.Version, window.StartedAt, window.EndedAt, window.Rows, mine.Count, coverage,
            mine.Count == 0 ? null : Median([.. mine.Select(p => Math.Max(0, p.Delay))]), realised, estimated, source);
    }

    /// <summary>The figure an accuracy objective is judged on: accuracy (classifiers) of the chosen source; null without one.</summary>
    public static double? Accuracy(WindowQualityDto quality) => quality.Source switch
    {
        "realised" => quality.Realised?.Accuracy,
        "estimated" => quality.Estimated?.Accuracy,
        _ => null,
    };

    private static QualityFiguresDto? Estimated(ConfidenceSums? sums)
    {
        if (sums is not { Rows: > 0 })
        {
            return null;
        }

        var (tp, fp, fn) = (sums.ExpectedTruePositives, sums.ExpectedFalsePositives, sums.ExpectedFalseNegatives);
        var binary = tp + fp + fn > 0;
        return new QualityFiguresDto(
            "classification", sums.Rows, sums.ExpectedCorrect / sums.Rows,
            binary && tp + fp > 0 ? tp / (tp + fp) : null,
            binary && tp + fn > 0 ? tp / (tp + fn) : null,
            binary && (2 * tp) + fp + fn > 0 ? 2 * tp / ((2 * tp) + fp + fn) : null);
    }

    private static QualityFiguresDto Realised(List<(Prediction Prediction, string Label)> rows)
    {
        if (rows.All(r => r.Prediction.Label is null))
        {
            var numeric = rows.Where(r => r.Prediction.Value is not null && double.TryParse(r.Label, NumberStyles.Float, CultureInfo.InvariantCulture, out _)).ToList();
            var m = QualityMetrics.Regression(
                numeric.Select(r => r.Prediction.Value!.Value).ToArray(), numeric.Select(r => double.Parse(r.Label, CultureInfo.InvariantCulture)).ToArray());
            return new QualityFiguresDto("regression", m.Rows, MeanAbsoluteError: Finite(m.MeanAbsoluteError), RootMeanSquaredError: Finite(m.RootMeanSquaredError), RSquared: Finite(m.RSquared));
        }

        var labeled = rows.Where(r => r.Prediction.Label is not null).ToList();
        var predicted = labeled.Select(r => r.Prediction.Label!).ToArray();
        var actual = labeled.Select(r => r.Label).ToArray();
        ClassificationMetrics metrics;
        if (predicted.Concat(actual).All(c => c is "0" or "1"))
        {
            var probabilities = labeled.All(r => r.Prediction.Positive is not null) ? labeled.Select(r => r.Prediction.Positive!.Value).ToArray() : [];
            metrics = QualityMetrics.Binary<string>(predicted, actual, "1", probabilities);
        }
        else
        {
            metrics = QualityMetrics.Multiclass<string>(predicted, actual);
        }

        return new QualityFiguresDto(
            "classification", metrics.Rows, Finite(metrics.Accuracy), Finite(metrics.Precision), Finite(metrics.Recall), Finite(metrics.F1), Finite(metrics.RocAuc),
            Finite(metrics.LogLoss));
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /// <summary>A label as text: booleans as 1 and 0, whole numbers without a fraction, strings as they are.</summary>
    internal static string? Normalize(string labelJson)
    {
        try
        {
            using var document = JsonDocument.Parse(labelJson);
            return Normalize(First(document.RootElement));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Normalize(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        JsonValueKind.Number when value.GetDouble() is var d && d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Number => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.String => value.GetString(),
        _ => null,
    };

    // The first row's answer of a logged OIP response: a class label (integer, boolean or text output), a number
    // (the first numeric output, for regression) and the positive class's probability (an output named like "prob").
    private static Prediction? Read(string? outputs)
    {
        if (outputs is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(outputs);
            var root = document.RootElement;
            var list = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("outputs", out var o) ? o : root;
            if (list.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            string? label = null;
            double? value = null, positive = null;
            foreach (var output in list.EnumerateArray())
            {
                if (!output.TryGetProperty("data", out var data) || First(data) is not { ValueKind: not JsonValueKind.Undefined } first)
                {
                    continue;
                }

                var datatype = output.TryGetProperty("datatype", out var t) ? t.GetString() ?? "" : "";
                var name = output.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
                if (datatype is "BOOL" or "BYTES" || datatype.StartsWith("INT", StringComparison.Ordinal) || datatype.StartsWith("UINT", StringComparison.Ordinal))
                {
                    label ??= Normalize(first);
                }
                else if (first.ValueKind == JsonValueKind.Number)
                {
                    value ??= first.GetDouble();
                    if (positive is null && name.Contains("prob", StringComparison.OrdinalIgnoreCase))
                    {
                        positive = Width(output) switch { 1 => first.GetDouble(), 2 => Second(data), _ => null };
                    }
                }
            }

            return new Prediction(label, value, positive);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int Width(JsonElement output) =>
        output.TryGetProperty("shape", out var shape) && shape.ValueKind == JsonValueKind.Array && shape.GetArrayLength() >= 2 ? shape[1].GetInt32() : 1;

    private static double? Second(JsonElement data)
    {
        var flat = data.ValueKind == JsonValueKind.Array && data.GetArrayLength() > 0 && data[0].ValueKind == JsonValueKind.Array ? data[0] : data;
        return flat.ValueKind == JsonValueKind.Array && flat.GetArrayLength() > 1 && flat[1].ValueKind == JsonValueKind.Number ? flat[1].GetDouble() : null;
    }

    private static JsonElement First(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? (value.GetArrayLength() > 0 ? First(value[0]) : default) : value;

    private sealed record Prediction(string? Label, double? Value, double? Positive);
}
