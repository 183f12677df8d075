using Modelplane.Client.Contracts;
using Modelplane.Registry.Monitoring;

namespace Modelplane.Server.Monitoring.Profiles;

/// <summary>The wire form of a reference profile: per feature and output a summary, not the histograms.</summary>
internal static class ReferenceProfileMapping
{
    public static ReferenceProfileDto ToDto(this ReferenceProfile profile) => new(
        profile.Model,
        profile.Version,
        profile.Profile.Rows,
        profile.DataDigest,
        profile.DataFormat,
        profile.Calibration is not null,
        [.. profile.Profile.Features.Select(ToDto)],
        [.. profile.Profile.Outputs.Select(ToDto)],
        profile.CreatedAt)
    {
        LabelColumn = profile.LabelColumn,
        ExpectedAccuracy = profile.Profile.Confidence is { Rows: > 0 } sums ? sums.ExpectedCorrect / sums.Rows : null,
    };

    private static ProfileFeatureDto ToDto(FeatureProfile feature) => new(
        feature.Name, feature.Kind == FeatureKind.Numeric ? "numeric" : "categorical", feature.MissingRate)
    {
        Mean = feature.Numeric is { } n && feature.Count > feature.Missing ? n.Mean : null,
        StdDev = feature.Numeric is { } s && feature.Count > feature.Missing ? s.StdDev : null,
        Min = Finite(feature.Numeric?.Min),
        Max = Finite(feature.Numeric?.Max),
        Categories = feature.Categorical is { } c ? [.. c.Categories.Select((name, i) => new CategoryCountDto(name, c.Counts[i]))] : null,
    };

    // JSON has no NaN: a column with no values has no min or max.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
