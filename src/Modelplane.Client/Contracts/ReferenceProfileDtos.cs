namespace Modelplane.Client.Contracts;

/// <summary>
/// A version's reference profile (<c>GET|PUT /api/v1/models/{name}/versions/{version}/profile</c>): the distribution of
/// a training sample's features and of the model's outputs on it, which drift is measured against.
/// </summary>
/// <param name="Model">The model.</param>
/// <param name="Version">The version profiled.</param>
/// <param name="Rows">Rows profiled (at most 100,000: larger files are sampled deterministically).</param>
/// <param name="DataDigest">sha256 of the uploaded file, as <c>sha256:hex</c>; lineage shows it.</param>
/// <param name="DataFormat"><c>csv</c> or <c>parquet</c>.</param>
/// <param name="Calibrated">True when the data had a label column and the model returns class probabilities.</param>
/// <param name="Features">One entry per feature, in the model's order.</param>
/// <param name="Outputs">One entry per profiled model output.</param>
/// <param name="CreatedAt">When the profile was computed.</param>
public sealed record ReferenceProfileDto(
    string Model, int Version, long Rows, string DataDigest, string DataFormat, bool Calibrated,
    IReadOnlyList<ProfileFeatureDto> Features, IReadOnlyList<ProfileFeatureDto> Outputs, DateTimeOffset CreatedAt)
{
    /// <summary>The column of the data holding the true label, when one was named.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>Expected accuracy on the sample from the (calibrated) probabilities; null without probabilities.</summary>
    public double? ExpectedAccuracy { get; init; }
}

/// <summary>One feature or output of a reference profile.</summary>
/// <param name="Name">The feature's name.</param>
/// <param name="Kind"><c>numeric</c> or <c>categorical</c>.</param>
/// <param name="MissingRate">Share of rows without a usable value (empty, NaN, ±Infinity).</param>
public sealed record ProfileFeatureDto(string Name, string Kind, double MissingRate)
{
    /// <summary>Mean of the present values (numeric).</summary>
    public double? Mean { get; init; }

    /// <summary>Population standard deviation (numeric).</summary>
    public double? StdDev { get; init; }

    /// <summary>Smallest present value (numeric); null when there is none.</summary>
    public double? Min { get; init; }

    /// <summary>Largest present value (numeric); null when there is none.</summary>
    public double? Max { get; init; }

    /// <summary>The most frequent categories with their counts, most frequent first (categorical).</summary>
    public IReadOnlyList<CategoryCountDto>? Categories { get; init; }
}

/// <summary>A category and how many rows had it.</summary>
/// <param name="Name">The category.</param>
/// <param name="Count">Rows.</param>
public sealed record CategoryCountDto(string Name, long Count);
