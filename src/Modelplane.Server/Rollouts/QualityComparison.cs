using System.Globalization;
using System.Text.Json;
using Modelplane.Registry.InferenceLog;
using Modelplane.Registry.Rollouts;

namespace Modelplane.Server.Rollouts;

/// <summary>
/// Canary against baseline on ground truth, where labels exist: the endpoint logs its predictions and labels arrived
/// (by request id) for predictions of the current step. Classifiers (whole-number or text predictions) compare
/// accuracy; regressors compare mean absolute error.
/// </summary>
internal static class QualityComparison
{
    /// <summary>Labeled predictions each side needs before quality is judged.</summary>
    public const int MinLabeled = 30;

    /// <summary>Most the canary's accuracy may fall below the baseline's (absolute).</summary>
    public const double MaxAccuracyDrop = 0.05;

    /// <summary>Most the canary's mean absolute error may be, as a multiple of the baseline's.</summary>
    public const double MaxErrorRatio = 1.25;

    /// <summary>The comparison, or null when either side has fewer than <see cref="MinLabeled"/> labeled predictions.</summary>
    public static QualityFigures? Compare(Rollout rollout, IReadOnlyList<LabeledPrediction> labeled)
    {
        var baseline = Side(labeled, rollout.BaselineModel, rollout.BaselineVersion);
        var canary = Side(labeled, rollout.CanaryModel, rollout.CanaryVersion);
        if (baseline.Count < MinLabeled || canary.Count < MinLabeled)
        {
            return null;
        }

        var classifier = baseline.Concat(canary).All(p => p.Predicted.ValueKind == JsonValueKind.String || IsWhole(p.Predicted));
        return classifier
            ? new QualityFigures("accuracy", Accuracy(baseline), Accuracy(canary), baseline.Count, canary.Count)
            : new QualityFigures("mae", MeanAbsoluteError(baseline), MeanAbsoluteError(canary), baseline.Count, canary.Count);
    }

    /// <summary>Why the canary's quality fails, or null when it holds.</summary>
    public static string? Problem(QualityFigures q) => q.Metric == "accuracy"
        ? q.Baseline - q.Canary > MaxAccuracyDrop
            ? string.Create(CultureInfo.InvariantCulture, $"accuracy {q.Canary:P1} vs baseline {q.Baseline:P1} on labeled requests (drop {q.Baseline - q.Canary:0.000} > {MaxAccuracyDrop:0.000})")
            : null
        : q.Canary > Math.Max(q.Baseline, 1e-12) * MaxErrorRatio
            ? string.Create(CultureInfo.InvariantCulture, $"mean absolute error {q.Canary:G4} vs baseline {q.Baseline:G4} on labeled requests (ratio > {MaxErrorRatio:0.00})")
            : null;

    private static List<(JsonElement Predicted, JsonElement Label)> Side(IReadOnlyList<LabeledPrediction> labeled, string model, int version)
    {
        var side = new List<(JsonElement, JsonElement)>();
        foreach (var p in labeled)
        {
            if (p.Record.Model == model && p.Record.Version == version && p.Record.Status == 200 && FirstPrediction(p.Record.Outputs) is { } predicted)
            {
                using var label = JsonDocument.Parse(p.Label);
                side.Add((predicted, First(label.RootElement).Clone()));
            }
        }

        return side;
    }

    // The first element of the first output: the answer for a one-row request (a class label or a score).
    private static JsonElement? FirstPrediction(string? outputs)
    {
        if (outputs is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(outputs);
        var root = document.RootElement;
        var first = root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0 ? root[0] : root;
        var data = first.ValueKind == JsonValueKind.Object && first.TryGetProperty("data", out var d) ? d : first;
        return data.ValueKind is JsonValueKind.Array or JsonValueKind.Number or JsonValueKind.String ? First(data).Clone() : null;
    }

    private static JsonElement First(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 ? First(value[0]) : value;

    private static bool IsWhole(JsonElement value) => value.ValueKind == JsonValueKind.Number && value.GetDouble() is var d && d == Math.Floor(d);

    private static double Accuracy(List<(JsonElement Predicted, JsonElement Label)> side) =>
        side.Count(p => p.Predicted.ValueKind == JsonValueKind.Number && p.Label.ValueKind == JsonValueKind.Number
            ? p.Predicted.GetDouble() == p.Label.GetDouble()
            : string.Equals(p.Predicted.ToString(), p.Label.ToString(), StringComparison.Ordinal)) / (double)side.Count;

    private static double MeanAbsoluteError(List<(JsonElement Predicted, JsonElement Label)> side) =>
        side.Average(p => p.Predicted.ValueKind == JsonValueKind.Number && p.Label.ValueKind == JsonValueKind.Number
            ? Math.Abs(p.Predicted.GetDouble() - p.Label.GetDouble())
            : double.NaN);
}

/// <summary>Quality of both sides on labeled requests of the step.</summary>
internal sealed record QualityFigures(string Metric, double Baseline, double Canary, int BaselineLabeled, int CanaryLabeled);
