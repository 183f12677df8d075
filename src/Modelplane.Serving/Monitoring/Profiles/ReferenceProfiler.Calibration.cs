using Modelplane.Registry.Monitoring;

namespace Modelplane.Serving.Monitoring.Profiles;

public static partial class ReferenceProfiler
{
    // Histogram binning: per bin of the raw confidence, the share of rows whose outcome was positive (binary) or whose
    // prediction was right (multi-class). Rows without a usable label or probability do not count.
    private static Calibration? Calibrate(FeatureLayout layout, ProfileOutputs outputs, ProfileColumn labels)
    {
        if (layout.Probability is not { } source || outputs.Probabilities is not { } probabilities)
        {
            return null;
        }

        var predicted = PredictedLabels(layout, outputs);
        var rows = new long[CalibrationBins];
        var hits = new long[CalibrationBins];
        for (var r = 0; r < outputs.Rows; r++)
        {
            var (confidence, hit) = source.Binary
                ? (probabilities[r], Positive(labels.Text(r)))
                : TopClass(probabilities, r, source.Width, predicted, labels.Text(r));
            if (hit is null || !double.IsFinite(confidence))
            {
                continue;
            }

            var bin = Math.Min((int)(Math.Clamp(confidence, 0, 1) * CalibrationBins), CalibrationBins - 1);
            rows[bin]++;
            hits[bin] += hit.Value ? 1 : 0;
        }

        if (rows.Sum() == 0)
        {
            throw new ProfileDataException(source.Binary
                ? $"Label column '{labels.Name}' has no usable labels: a binary model's labels are 0/1 or true/false."
                : $"Label column '{labels.Name}' has no labels.");
        }

        return new Calibration(source.Binary, [.. Enumerable.Range(0, CalibrationBins)
            .Select(i => rows[i] == 0 ? (i + 0.5) / CalibrationBins : (double)hits[i] / rows[i])]);
    }

    private static (double Confidence, bool? Correct) TopClass(IReadOnlyList<double> probabilities, int row, int width, ProfileColumn? predicted, string? label)
    {
        var best = 0;
        for (var j = 1; j < width; j++)
        {
            if (probabilities[(row * width) + j] > probabilities[(row * width) + best])
            {
                best = j;
            }
        }

        if (label is null)
        {
            return (double.NaN, null);
        }

        // The model's own label output says what it predicted; without one, the class is the index of the top probability.
        var prediction = predicted is null ? best.ToString(System.Globalization.CultureInfo.InvariantCulture) : predicted.Text(row);
        return (probabilities[(row * width) + best], SameLabel(prediction, label));
    }

    private static ProfileColumn? PredictedLabels(FeatureLayout layout, ProfileOutputs outputs)
    {
        for (var i = 0; i < layout.Outputs.Count; i++)
        {
            if (layout.Outputs[i].Tensor == layout.LabelOutput)
            {
                return outputs.Columns[i];
            }
        }

        return null;
    }

    /// <summary>A binary label: 1/true (any non-zero number) is positive, 0/false negative; null for anything else.</summary>
    internal static bool? Positive(string? label) => CategorySummary.Normalize(label?.Trim()) switch
    {
        null => null,
        "1" => true,
        "0" => false,
        var text => ProfileTableBuilder.ParseNumber(text) is { } n && !double.IsNaN(n) ? n != 0 : null,
    };

    /// <summary>Labels agree as text, as numbers (<c>1</c> and <c>1.0</c>) or as booleans (<c>true</c> and <c>1</c>).</summary>
    internal static bool SameLabel(string? a, string? b)
    {
        a = CategorySummary.Normalize(a?.Trim());
        b = CategorySummary.Normalize(b?.Trim());
        if (a is null || b is null)
        {
            return false;
        }

        return string.Equals(a, b, StringComparison.Ordinal)
            || (ProfileTableBuilder.ParseNumber(a) is { } x && ProfileTableBuilder.ParseNumber(b) is { } y && !double.IsNaN(x) && x == y);
    }
}
