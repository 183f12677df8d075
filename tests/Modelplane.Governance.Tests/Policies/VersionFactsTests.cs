using Modelplane.Governance.Policies;
using Modelplane.Registry.Models;

namespace Modelplane.Governance.Tests.Policies;

public sealed class VersionFactsTests
{
    private static ModelVersion Version(Dictionary<string, string> tags) => new(
        "churn", 1, new string('a', 64), 10, "onnx",
        new ModelSignature([new TensorSpec("x", TensorElementType.Float32, [1])], [new TensorSpec("y", TensorElementType.Float32, [1])]),
        null, tags, new Dictionary<string, double>(), DateTimeOffset.UnixEpoch)
    {
        Author = "ana",
        Lineage = VersionLineage.Empty with { DatasetUri = "s3://data/train.parquet" },
    };

    [Fact]
    public void From_VersionTagSet_VersionTierWins() =>
        Assert.Equal("low", VersionFacts.From(Version(new() { ["risk_tier"] = "low" }), new Dictionary<string, string> { ["risk_tier"] = "high" }, []).RiskTier);

    [Fact]
    public void From_OnlyModelTag_InheritsModelTier() =>
        Assert.Equal("high", VersionFacts.From(Version([]), new Dictionary<string, string> { ["risk_tier"] = "high" }, []).RiskTier);

    [Fact]
    public void From_Version_ReadsAuthorLineageAndProfileTag()
    {
        var facts = VersionFacts.From(Version(new() { ["reference_profile"] = "profiles/churn-1.json" }), null, ["release"]);

        Assert.Equal(("ana", true, true, true, null as string, "release"), (facts.Author, facts.HasSignature, facts.HasDatasetLineage, facts.HasReferenceProfile, facts.RiskTier, facts.ValidSignatureKeys.Single()));
    }
}
