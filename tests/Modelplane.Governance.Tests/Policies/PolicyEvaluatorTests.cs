using Modelplane.Governance.Policies;
using Modelplane.Registry.Models;

namespace Modelplane.Governance.Tests.Policies;

public sealed class PolicyEvaluatorTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static VersionFacts Facts(
        double auc = 0.9,
        string format = "onnx",
        long size = 1_000,
        bool card = true,
        string? risk = null,
        VersionApproval? approval = null,
        string? author = "ana",
        IReadOnlyList<string>? keys = null) => new(
        "churn", 3, format, size, new Dictionary<string, double> { ["auc"] = auc, ["loss"] = 0.2 },
        HasSignature: true, HasModelCard: card, HasReferenceProfile: false, HasDatasetLineage: true,
        author, risk, approval ?? VersionApproval.Pending, keys ?? []);

    private static IReadOnlyList<PolicyViolation> Evaluate(string policy, VersionFacts facts, PolicyAction action = PolicyAction.Deploy) =>
        PolicyEvaluator.Evaluate(PolicyParser.Parse(policy), facts, action);

    [Fact]
    public void Evaluate_MetricAboveMinimum_Passes() =>
        Assert.Empty(Evaluate("rules: [{metric: auc, min: 0.85}]", Facts(auc: 0.85)));

    [Fact]
    public void Evaluate_MetricBelowMinimum_NamesRuleAndValue()
    {
        var violation = Assert.Single(Evaluate("rules: [{metric: auc, min: 0.85}]", Facts(auc: 0.8)));

        Assert.Equal(new PolicyViolation("metric auc >= 0.85", "auc is 0.8, below the minimum 0.85."), violation);
    }

    [Fact]
    public void Evaluate_MetricAboveMaximum_Fails() =>
        Assert.Equal("loss is 0.2, above the maximum 0.1.", Assert.Single(Evaluate("rules: [{metric: loss, max: 0.1}]", Facts())).Message);

    [Fact]
    public void Evaluate_MetricMissing_Fails() =>
        Assert.Equal("churn@3 has no metric 'f1'.", Assert.Single(Evaluate("rules: [{metric: f1, min: 0.5}]", Facts())).Message);

    [Fact]
    public void Evaluate_RequireMissingFacts_OneViolationPerMissingFact()
    {
        var violations = Evaluate("rules: [{require: [signature, model_card, reference_profile, dataset_lineage]}]", Facts(card: false));

        Assert.Equal(
            ["churn@3 has no model card.", "churn@3 has no reference profile (set the version tag 'reference_profile')."],
            violations.Select(v => v.Message));
    }

    [Fact]
    public void Evaluate_FormatNotAllowed_Fails() =>
        Assert.Equal("churn@3 is mlnet; allowed: onnx.", Assert.Single(Evaluate("rules: [{formats: [onnx]}]", Facts(format: "mlnet"))).Message);

    [Fact]
    public void Evaluate_FormatAllowed_Passes() => Assert.Empty(Evaluate("rules: [{formats: [onnx, mlnet]}]", Facts(format: "mlnet")));

    [Fact]
    public void Evaluate_ArtifactOverLimit_Fails() =>
        Assert.Equal("churn@3 is 1001 bytes; the limit is 1000.", Assert.Single(Evaluate("rules: [{max_artifact_bytes: 1000}]", Facts(size: 1001))).Message);

    [Fact]
    public void Evaluate_ArtifactAtLimit_Passes() => Assert.Empty(Evaluate("rules: [{max_artifact_bytes: 1000}]", Facts(size: 1000)));

    [Fact]
    public void Evaluate_SignatureByTrustedKey_Passes() =>
        Assert.Empty(Evaluate("rules: [{signature: {trusted_keys: [release]}}]", Facts(keys: ["dev", "release"])));

    [Fact]
    public void Evaluate_SignatureOnlyByUntrustedKey_Fails() =>
        Assert.Equal(
            "churn@3 has no valid signature by a trusted key (release).",
            Assert.Single(Evaluate("rules: [{signature: {trusted_keys: [release]}}]", Facts(keys: ["dev"]))).Message);

    private const string HighRisk = "rules: [{risk_tier: high, require_approval: true}]";

    [Fact]
    public void Evaluate_HighRiskPending_NeedsApproval() =>
        Assert.Contains("needs an approval", Assert.Single(Evaluate(HighRisk, Facts(risk: "high"), PolicyAction.Promote)).Message, StringComparison.Ordinal);

    [Fact]
    public void Evaluate_HighRiskApprovedByAuthor_Fails()
    {
        var approval = new VersionApproval(ApprovalStatus.Approved, "ana", At, null);

        var violation = Assert.Single(Evaluate(HighRisk, Facts(risk: "high", approval: approval, author: "ana"), PolicyAction.Promote));

        Assert.Equal("churn@3 is high risk and was approved by its own author ana; a second person must approve it.", violation.Message);
    }

    [Fact]
    public void Evaluate_HighRiskApprovedBySomeoneElse_Passes() =>
        Assert.Empty(Evaluate(HighRisk, Facts(risk: "high", approval: new VersionApproval(ApprovalStatus.Approved, "bo", At, null), author: "ana"), PolicyAction.Promote));

    [Fact]
    public void Evaluate_HighRiskRejected_SaysWhoAndWhy() =>
        Assert.Equal(
            "churn@3 is high risk and was rejected by bo: drift on segment B",
            Assert.Single(Evaluate(HighRisk, Facts(risk: "high", approval: new VersionApproval(ApprovalStatus.Rejected, "bo", At, "drift on segment B")))).Message);

    [Fact]
    public void Evaluate_LowRiskPending_Passes() => Assert.Empty(Evaluate(HighRisk, Facts(risk: "low")));

    [Fact]
    public void Evaluate_UnknownRiskTier_Fails() =>
        Assert.Contains("risk tier 'critical'", Assert.Single(Evaluate(HighRisk, Facts(risk: "critical"))).Message, StringComparison.Ordinal);

    [Fact]
    public void Evaluate_RuleForOtherAction_IsSkipped() =>
        Assert.Empty(Evaluate("rules: [{metric: auc, min: 0.95, applies_to: [promote]}]", Facts(auc: 0.5), PolicyAction.Alias));

    [Fact]
    public void Evaluate_DocumentAppliesTo_LimitsEveryRule()
    {
        const string policy = "rules: [{metric: auc, min: 0.95}]\napplies_to: [deploy]";

        Assert.Equal((0, 1), (Evaluate(policy, Facts(auc: 0.5), PolicyAction.Alias).Count, Evaluate(policy, Facts(auc: 0.5), PolicyAction.Deploy).Count));
    }

    [Fact]
    public void Evaluate_SeveralRulesFail_ListsEveryOne() =>
        Assert.Equal(
            ["metric auc >= 0.95", "formats [mlnet]", "max_artifact_bytes 10"],
            Evaluate("rules: [{metric: auc, min: 0.95}, {formats: [mlnet]}, {max_artifact_bytes: 10}]", Facts()).Select(v => v.Rule));
}
