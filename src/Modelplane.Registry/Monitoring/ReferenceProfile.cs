namespace Modelplane.Registry.Monitoring;

/// <summary>
/// What drift is measured against: the profile of a sample of a version's training data, with the model's own
/// outputs on that sample, stored with the version.
/// </summary>
/// <param name="Model">The model.</param>
/// <param name="Version">The version profiled.</param>
/// <param name="Profile">Features and outputs over the sample.</param>
/// <param name="DataDigest">sha256 of the profiling data file as uploaded (<c>sha256:hex</c>); lineage records it.</param>
/// <param name="DataFormat"><c>csv</c> or <c>parquet</c>.</param>
/// <param name="CreatedAt">When the profile was computed.</param>
public sealed record ReferenceProfile(string Model, int Version, DataProfile Profile, string DataDigest, string DataFormat, DateTimeOffset CreatedAt)
{
    /// <summary>The column of the profiling data holding the true label, when it had one; not a feature.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>Maps the model's raw confidence to the observed accuracy on the labeled sample; null without labels.</summary>
    public Calibration? Calibration { get; init; }
}

/// <summary>
/// Histogram-binning calibration over [0, 1]: a raw probability in bin i (of <c>Observed.Count</c> equal bins) is
/// replaced by <c>Observed[i]</c>, the share of the reference rows in that bin whose outcome was positive (binary) or
/// whose prediction was right (multi-class, on the top probability).
/// </summary>
/// <param name="Binary">True when the map calibrates the positive class's probability; false for the top-class probability.</param>
/// <param name="Observed">The calibrated probability per bin; a bin with no reference rows keeps its midpoint.</param>
public sealed record Calibration(bool Binary, IReadOnlyList<double> Observed)
{
    /// <summary>The calibrated value of raw probability <paramref name="p"/> (clamped to [0, 1]).</summary>
    public double Apply(double p)
    {
        var bins = Observed.Count;
        var bin = (int)(Math.Clamp(p, 0, 1) * bins);
        return Observed[Math.Min(bin, bins - 1)];
    }
}
