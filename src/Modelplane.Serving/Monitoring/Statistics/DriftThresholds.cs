using System.Collections.ObjectModel;
using System.ComponentModel.DataAnnotations;

namespace Modelplane.Serving.Monitoring.Statistics;

/// <summary>When <see cref="DriftCalculator"/> calls a feature stable, worth a warning, or drifted.</summary>
/// <remarks>
/// A feature drifts when its PSI reaches <see cref="PsiAlert"/> and its test (KS for numbers, chi-square for categories,
/// Bonferroni-corrected) is significant too — a small window makes PSI noisy and a large one makes tiny shifts
/// significant, so neither alone is enough — or when its missing rate moves by <see cref="MissingRateAlert"/>. It is a
/// warning when any one of PSI, significance or missing rate crosses its warning level.
/// </remarks>
public sealed record DriftThresholds
{
    /// <summary>PSI at or above which a feature is a warning.</summary>
    /// <value>Defaults to 0.1, the usual line for a moderate shift.</value>
    [Range(0.0, 100.0)]
    public double PsiWarning { get; init; } = 0.1;

    /// <summary>PSI at or above which a feature has drifted.</summary>
    /// <value>Defaults to 0.25, the usual line for a major shift.</value>
    [Range(0.0, 100.0)]
    public double PsiAlert { get; init; } = 0.25;

    /// <summary>
    /// The family-wise significance level of the KS (numeric) and chi-square (categorical) tests; each feature is
    /// tested at this level divided by the number of features and outputs compared (Bonferroni), so a 30-feature
    /// model does not raise a false alarm in one window out of five.
    /// </summary>
    /// <value>Defaults to 0.05.</value>
    [Range(0.0, 1.0)]
    public double PValueAlpha { get; init; } = 0.05;

    /// <summary>Absolute change of the missing rate (live minus reference, either way) at or above which a feature is a warning.</summary>
    /// <value>Defaults to 0.05 (five points).</value>
    [Range(0.0, 1.0)]
    public double MissingRateWarning { get; init; } = 0.05;

    /// <summary>Absolute change of the missing rate at or above which a feature has drifted.</summary>
    /// <value>Defaults to 0.2 (twenty points).</value>
    [Range(0.0, 1.0)]
    public double MissingRateAlert { get; init; } = 0.2;

    /// <summary>Rows a live window needs to be judged; below it every feature and the report are insufficient data.</summary>
    /// <value>Defaults to 100.</value>
    [Range(0, int.MaxValue)]
    public int MinRows { get; init; } = 100;

    /// <summary>PSI levels for particular features or outputs, by name; the others use <see cref="PsiWarning"/> and <see cref="PsiAlert"/>.</summary>
    /// <value>Defaults to none.</value>
    public IReadOnlyDictionary<string, FeatureThresholds> Overrides { get; init; } = ReadOnlyDictionary<string, FeatureThresholds>.Empty;

    /// <summary>The PSI levels that apply to <paramref name="feature"/>: its override, else the defaults.</summary>
    public FeatureThresholds For(string feature) =>
        Overrides.TryGetValue(feature, out var levels) ? levels : new FeatureThresholds(PsiWarning, PsiAlert);

    /// <summary>Value equality, the overrides compared entry by entry (a record would compare the dictionary's reference).</summary>
    public bool Equals(DriftThresholds? other) =>
        other is not null && PsiWarning.Equals(other.PsiWarning) && PsiAlert.Equals(other.PsiAlert)
        && PValueAlpha.Equals(other.PValueAlpha) && MissingRateWarning.Equals(other.MissingRateWarning)
        && MissingRateAlert.Equals(other.MissingRateAlert) && MinRows == other.MinRows
        && Overrides.Count == other.Overrides.Count
        && Overrides.All(o => other.Overrides.TryGetValue(o.Key, out var levels) && levels == o.Value);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(PsiWarning, PsiAlert, PValueAlpha, MissingRateWarning, MissingRateAlert, MinRows, Overrides.Count);
}

/// <summary>The PSI levels of one feature or output, overriding <see cref="DriftThresholds"/>' defaults.</summary>
/// <param name="PsiWarning">PSI at or above which the feature is a warning.</param>
/// <param name="PsiAlert">PSI at or above which the feature has drifted.</param>
public sealed record FeatureThresholds(double PsiWarning, double PsiAlert);
