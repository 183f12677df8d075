using Modelplane.Registry.Monitoring;

namespace Modelplane.Serving.Monitoring.Profiles;

/// <summary>A computed reference: the profile, and the calibration when the data had labels and the model probabilities.</summary>
/// <param name="Profile">Features and outputs over the sample, with calibrated confidence sums when the model has probabilities.</param>
/// <param name="Calibration">The histogram-binning calibration; null without labels or probabilities.</param>
public sealed record ReferenceProfileResult(DataProfile Profile, Calibration? Calibration);

/// <summary>
/// Computes a reference profile from a sample of training data and the model's outputs on it (pure: no I/O). Numeric
/// columns get decile edges (NumPy's default quantiles, duplicates dropped), a histogram over them (a value's bin is the
/// number of edges at or below it), mean, population standard deviation, min, max and the 0–100 % quantiles;
/// categorical columns their <see cref="CategoricalProfile.MaxCategories"/> most frequent categories (ties by ordinal
/// name) plus Other. Booleans are the categories <c>1</c> and <c>0</c>.
/// </summary>
public static partial class ReferenceProfiler
{
    /// <summary>Equal-width bins of the histogram-binning calibration over [0, 1].</summary>
    public const int CalibrationBins = 10;

    /// <summary>The table's columns for the layout's features, in feature order.</summary>
    /// <exception cref="ProfileDataException">A feature has no column (the layout was built from other names).</exception>
    public static IReadOnlyList<ProfileColumn> FeatureColumns(FeatureLayout layout, ProfileTable table)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(table);
        return [.. layout.Features.Select(f => table.Find(f.Name) ?? throw new ProfileDataException($"The data has no column '{f.Name}'."))];
    }

    /// <summary>Profiles the features, the outputs and, with labels, the calibration.</summary>
    /// <param name="layout">The model's features and outputs.</param>
    /// <param name="features">One column per <see cref="FeatureLayout.Features"/> slot, all of the same length.</param>
    /// <param name="outputs">The model's outputs on those rows.</param>
    /// <param name="labels">The true labels, or null.</param>
    /// <exception cref="ProfileDataException">The label column has no label the model's probabilities can be checked against.</exception>
    public static ReferenceProfileResult Profile(FeatureLayout layout, IReadOnlyList<ProfileColumn> features, ProfileOutputs outputs, ProfileColumn? labels)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(outputs);
        var calibration = labels is null ? null : Calibrate(layout, outputs, labels);
        var profile = new DataProfile(
            outputs.Rows,
            [.. layout.Features.Select((slot, i) => Column(slot, features[i]))],
            [.. layout.Outputs.Select((slot, i) => Column(slot, outputs.Columns[i]))])
        {
            Confidence = Confidence(layout, outputs, calibration),
        };
        return new ReferenceProfileResult(profile, calibration);
    }

    private static FeatureProfile Column(FeatureSlot slot, ProfileColumn column) => slot.Kind == FeatureKind.Numeric
        ? NumericSummary.Profile(slot.Name, column.Numbers)
        : CategorySummary.Profile(slot.Name, [.. Enumerable.Range(0, column.Count).Select(r => CategorySummary.Normalize(column.Text(r)))]);

    private static ConfidenceSums? Confidence(FeatureLayout layout, ProfileOutputs outputs, Calibration? calibration)
    {
        if (layout.Probability is not { } source || outputs.Probabilities is not { } probabilities)
        {
            return null;
        }

        var sums = new ConfidenceAccumulator(source, calibration);
        var row = new double[source.Width];
        for (var r = 0; r < outputs.Rows; r++)
        {
            for (var j = 0; j < source.Width; j++)
            {
                row[j] = probabilities[(r * source.Width) + j];
            }

            sums.Add(row);
        }

        return sums.ToSums();
    }
}
