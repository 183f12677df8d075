namespace Modelplane.Registry.Monitoring;

/// <summary>How far a feature (or a whole window) moved from the reference.</summary>
public enum DriftVerdict
{
    /// <summary>The window has fewer rows than the minimum, so nothing is judged.</summary>
    InsufficientData,

    /// <summary>Within every threshold.</summary>
    Stable,

    /// <summary>Past a warning threshold: worth a look, not an alert.</summary>
    Warning,

    /// <summary>Past an alert threshold.</summary>
    Drift,
}

/// <summary>Verdicts as they are stored and shown: <c>insufficient_data</c>, <c>stable</c>, <c>warning</c>, <c>drift</c>.</summary>
public static class DriftVerdicts
{
    /// <summary>The lower_snake name of <paramref name="verdict"/>.</summary>
    public static string Name(DriftVerdict verdict) => verdict switch
    {
        DriftVerdict.InsufficientData => "insufficient_data",
        DriftVerdict.Stable => "stable",
        DriftVerdict.Warning => "warning",
        _ => "drift",
    };

    /// <summary>The verdict a stored name stands for (anything unknown reads as drift, the safe side).</summary>
    public static DriftVerdict Parse(string name) => name switch
    {
        "insufficient_data" => DriftVerdict.InsufficientData,
        "stable" => DriftVerdict.Stable,
        "warning" => DriftVerdict.Warning,
        _ => DriftVerdict.Drift,
    };
}

/// <summary>One live window compared with the reference, feature by feature.</summary>
/// <param name="ReferenceRows">Rows in the reference profile.</param>
/// <param name="LiveRows">Rows in the live window.</param>
/// <param name="Verdict">The worst feature verdict, or <see cref="DriftVerdict.InsufficientData"/> below the minimum window.</param>
/// <param name="Features">Every feature and output, most drifted first.</param>
public sealed record DriftReport(long ReferenceRows, long LiveRows, DriftVerdict Verdict, IReadOnlyList<FeatureDrift> Features);

/// <summary>The statistics of one feature or output; a statistic that does not apply to its kind is null.</summary>
/// <param name="Name">The feature's name.</param>
/// <param name="Kind">Numeric or categorical.</param>
/// <param name="IsOutput">True for a model output (prediction drift).</param>
/// <param name="Verdict">What the thresholds say.</param>
/// <param name="Reason">Which thresholds were crossed, e.g. <c>PSI 0.31 ≥ 0.25</c>; null when stable.</param>
public sealed record FeatureDrift(string Name, FeatureKind Kind, bool IsOutput, DriftVerdict Verdict, string? Reason)
{
    /// <summary>Population Stability Index over the reference's bins or categories.</summary>
    public double? Psi { get; init; }

    /// <summary>Two-sample Kolmogorov–Smirnov statistic (numeric): the largest gap between the two binned CDFs.</summary>
    public double? KsStatistic { get; init; }

    /// <summary>Its p-value from the asymptotic Kolmogorov distribution.</summary>
    public double? KsPValue { get; init; }

    /// <summary>Wasserstein-1 distance (numeric), divided by the reference's standard deviation (by 1 when that is 0).</summary>
    public double? Wasserstein { get; init; }

    /// <summary>Jensen–Shannon distance, base 2 (0 same, 1 disjoint).</summary>
    public double? JensenShannon { get; init; }

    /// <summary>Chi-square statistic of the reference-vs-live contingency table (categorical).</summary>
    public double? ChiSquare { get; init; }

    /// <summary>Its p-value.</summary>
    public double? ChiSquarePValue { get; init; }

    /// <summary>Windows in a row, this one included, in which the feature drifted; 0 when it does not drift in this one.</summary>
    public int Streak { get; init; }

    /// <summary>Share of missing values in the reference.</summary>
    public double ReferenceMissingRate { get; init; }

    /// <summary>Share of missing values in the window.</summary>
    public double LiveMissingRate { get; init; }
}
