using Modelplane.Registry.Models;

namespace Modelplane.Governance.Policies;

/// <summary>Everything about a version that policy rules look at, gathered before the (pure) evaluation.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version number.</param>
/// <param name="Format">The artifact format (<c>onnx</c>, <c>mlnet</c>).</param>
/// <param name="SizeBytes">The artifact size.</param>
/// <param name="Metrics">The version's metrics.</param>
/// <param name="HasSignature">True when the version has a non-empty input/output signature.</param>
/// <param name="HasModelCard">True when a model card is stored.</param>
/// <param name="HasReferenceProfile">True when a reference profile exists (for now: the version tag <c>reference_profile</c> is set).</param>
/// <param name="HasDatasetLineage">True when the lineage names a training dataset.</param>
/// <param name="Author">The authenticated principal who pushed it, or null when unknown.</param>
/// <param name="RiskTier">The <c>risk_tier</c> tag of the version, else of the model, or null when neither is set.</param>
/// <param name="Approval">The latest review decision.</param>
/// <param name="ValidSignatureKeys">Names of the keys with a valid signature over the artifact's digest.</param>
public sealed record VersionFacts(
    string Model,
    int Version,
    string Format,
    long SizeBytes,
    IReadOnlyDictionary<string, double> Metrics,
    bool HasSignature,
    bool HasModelCard,
    bool HasReferenceProfile,
    bool HasDatasetLineage,
    string? Author,
    string? RiskTier,
    VersionApproval Approval,
    IReadOnlyList<string> ValidSignatureKeys)
{
    /// <summary>The tag that stands for a reference profile until profiles are stored for real.</summary>
    public const string ReferenceProfileTag = "reference_profile";

    /// <summary>Gathers the facts of <paramref name="version"/>; <paramref name="modelTags"/> supply a model-wide risk tier.</summary>
    public static VersionFacts From(
        ModelVersion version, IReadOnlyDictionary<string, string>? modelTags, IReadOnlyList<string> validSignatureKeys)
    {
        ArgumentNullException.ThrowIfNull(version);
        var tier = version.Tags.TryGetValue(RiskTiers.Tag, out var own) ? own
            : modelTags is not null && modelTags.TryGetValue(RiskTiers.Tag, out var inherited) ? inherited
            : null;
        return new VersionFacts(
            version.Model,
            version.Version,
            version.Format,
            version.SizeBytes,
            version.Metrics,
            HasSignature: version.Signature.Inputs.Count > 0 && version.Signature.Outputs.Count > 0,
            HasModelCard: version.HasCard,
            HasReferenceProfile: version.Tags.TryGetValue(ReferenceProfileTag, out var profile) && !string.IsNullOrWhiteSpace(profile),
            HasDatasetLineage: version.Lineage.DatasetUri is not null || version.Lineage.DatasetSha256 is not null,
            version.Author,
            tier,
            version.Approval,
            validSignatureKeys);
    }
}
