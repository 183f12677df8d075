using Modelplane.Registry.Monitoring;

namespace Modelplane.Serving.Monitoring.Statistics;

/// <summary>
/// Compares a live window's profile with the reference profile, feature by feature and output by output, and judges
/// each against <see cref="DriftThresholds"/>. Pure computation over the profiles' bins: its cost depends on the
/// number of features and bins, not on the rows behind them.
/// </summary>
public static partial class DriftCalculator
{
    /// <summary>The drift of <paramref name="live"/> from <paramref name="reference"/>.</summary>
    /// <param name="reference">The version's reference profile.</param>
    /// <param name="live">A live window profiled over the reference's edges and categories.</param>
    /// <param name="thresholds">The levels that turn statistics into verdicts.</param>
    /// <returns>
    /// Every feature and output with its statistics (numeric: PSI, KS with p-value, Wasserstein divided by the
    /// reference's standard deviation, Jensen–Shannon; categorical: chi-square with p-value over the reference's
    /// categories plus "other", PSI, Jensen–Shannon; both: missing rates), ranked most drifted first (verdict, then
    /// PSI, then Jensen–Shannon); the report's verdict is the worst feature's, or
    /// <see cref="DriftVerdict.InsufficientData"/> for every feature and the report when the window has fewer than
    /// <see cref="DriftThresholds.MinRows"/> rows. A statistic that cannot be computed (a side with no values) is null.
    /// </returns>
    /// <exception cref="ArgumentException">The two profiles do not have the same features and outputs (names, kinds,
    /// edge and category counts, in order); the message names the first that differs.</exception>
    public static DriftReport Compare(DataProfile reference, DataProfile live, DriftThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(thresholds);
        Validate(reference.Features, live.Features, "feature");
        Validate(reference.Outputs, live.Outputs, "output");

        var compared = reference.Features.Count + reference.Outputs.Count;
        var judge = new Judge(thresholds, thresholds.PValueAlpha / Math.Max(compared, 1), live.Rows);
        var drifts = new FeatureDrift[compared];
        for (var i = 0; i < reference.Features.Count; i++)
        {
            drifts[i] = judge.Apply(Measure(reference.Features[i], live.Features[i], isOutput: false));
        }

        for (var i = 0; i < reference.Outputs.Count; i++)
        {
            drifts[reference.Features.Count + i] = judge.Apply(Measure(reference.Outputs[i], live.Outputs[i], isOutput: true));
        }

        // A stable sort, so features that tie keep the signature's order.
        var ranked = drifts
            .OrderByDescending(d => d.Verdict)
            .ThenByDescending(d => Rank(d.Psi))
            .ThenByDescending(d => Rank(d.JensenShannon))
            .ToArray();
        var verdict = judge.Insufficient ? DriftVerdict.InsufficientData
            : compared == 0 ? DriftVerdict.Stable
            : ranked[0].Verdict;
        return new DriftReport(reference.Rows, live.Rows, verdict, ranked);
    }

    private static double Rank(double? statistic) => statistic ?? double.NegativeInfinity;

    private static void Validate(IReadOnlyList<FeatureProfile> reference, IReadOnlyList<FeatureProfile> live, string what)
    {
        for (var i = 0; i < Math.Max(reference.Count, live.Count); i++)
        {
            if (i >= live.Count)
            {
                throw new ArgumentException($"The live window has no {what} '{reference[i].Name}', which the reference has.", nameof(live));
            }

            if (i >= reference.Count)
            {
                throw new ArgumentException($"The live window's {what} '{live[i].Name}' is not in the reference.", nameof(live));
            }

            if (Mismatch(reference[i], live[i]) is { } problem)
            {
                throw new ArgumentException($"The live window's {what} '{live[i].Name}' does not match the reference: {problem}.", nameof(live));
            }
        }
    }

    private static string? Mismatch(FeatureProfile reference, FeatureProfile live)
    {
        if (!string.Equals(reference.Name, live.Name, StringComparison.Ordinal))
        {
            return $"the reference has '{reference.Name}' in its place";
        }

        if (reference.Kind != live.Kind)
        {
            return $"it is {live.Kind} in the window and {reference.Kind} in the reference";
        }

        return reference.Kind == FeatureKind.Numeric
            ? NumericMismatch(reference.Numeric, live.Numeric)
            : CategoricalMismatch(reference.Categorical, live.Categorical);
    }

    private static string? NumericMismatch(NumericProfile? reference, NumericProfile? live)
    {
        if (reference is null || live is null)
        {
            return "a numeric feature needs a histogram on both sides";
        }

        if (reference.Edges.Count != live.Edges.Count)
        {
            return $"{live.Edges.Count} histogram edges in the window, {reference.Edges.Count} in the reference";
        }

        var bins = reference.Edges.Count + 1;
        return reference.Counts.Count == bins && reference.Sums.Count == bins && live.Counts.Count == bins && live.Sums.Count == bins
            ? null
            : $"its histograms need {bins} counts and sums for {reference.Edges.Count} edges";
    }

    private static string? CategoricalMismatch(CategoricalProfile? reference, CategoricalProfile? live)
    {
        if (reference is null || live is null)
        {
            return "a categorical feature needs frequencies on both sides";
        }

        if (reference.Categories.Count != live.Categories.Count || !reference.Categories.SequenceEqual(live.Categories, StringComparer.Ordinal))
        {
            return $"{live.Categories.Count} categories in the window, {reference.Categories.Count} different or differently ordered ones in the reference";
        }

        return reference.Counts.Count == reference.Categories.Count && live.Counts.Count == live.Categories.Count
            ? null
            : "its counts must line up with its categories";
    }
}
