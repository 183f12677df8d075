using System.Globalization;
using Modelplane.Registry.Models;

namespace Modelplane.Governance.Policies;

/// <summary>Checks a version's facts against a policy: pure, so every rule can be tested without a server.</summary>
public static class PolicyEvaluator
{
    /// <summary>Every rule that applies to <paramref name="action"/> and fails, in document order; empty when allowed.</summary>
    public static IReadOnlyList<PolicyViolation> Evaluate(PolicyDocument policy, VersionFacts facts, PolicyAction action)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(facts);
        var violations = new List<PolicyViolation>();
        foreach (var rule in policy.Rules.Where(r => (r.AppliesTo ?? policy.AppliesTo).Contains(action)))
        {
            foreach (var message in Check(rule, facts))
            {
                violations.Add(new PolicyViolation(rule.Describe(), message));
            }
        }

        return violations;
    }

    private static IEnumerable<string> Check(PolicyRule rule, VersionFacts facts) => rule switch
    {
        MetricRule metric => CheckMetric(metric, facts),
        RequireRule require => require.Facts.Select(fact => Missing(fact, facts)).OfType<string>(),
        FormatsRule formats => formats.Formats.Contains(facts.Format, StringComparer.Ordinal)
            ? []
            : [$"{Name(facts)} is {facts.Format}; allowed: {string.Join(", ", formats.Formats)}."],
        MaxArtifactBytesRule size => facts.SizeBytes <= size.MaxBytes
            ? []
            : [FormattableString.Invariant($"{Name(facts)} is {facts.SizeBytes} bytes; the limit is {size.MaxBytes}.")],
        RiskTierRule risk => CheckRisk(risk, facts),
        SignatureRule signature => signature.TrustedKeys.Intersect(facts.ValidSignatureKeys, StringComparer.Ordinal).Any()
            ? []
            : [$"{Name(facts)} has no valid signature by a trusted key ({string.Join(", ", signature.TrustedKeys)})."],
        _ => throw new NotSupportedException($"Rule {rule.GetType().Name} has no check."),
    };

    private static IEnumerable<string> CheckMetric(MetricRule rule, VersionFacts facts)
    {
        if (!facts.Metrics.TryGetValue(rule.Metric, out var value) || double.IsNaN(value))
        {
            yield return $"{Name(facts)} has no metric '{rule.Metric}'.";
            yield break;
        }

        if (rule.Min is { } min && value < min)
        {
            yield return FormattableString.Invariant($"{rule.Metric} is {value}, below the minimum {min}.");
        }

        if (rule.Max is { } max && value > max)
        {
            yield return FormattableString.Invariant($"{rule.Metric} is {value}, above the maximum {max}.");
        }
    }

    private static string? Missing(string fact, VersionFacts facts) => fact switch
    {
        RequiredFacts.Signature when !facts.HasSignature => $"{Name(facts)} has no input/output signature.",
        RequiredFacts.ReferenceProfile when !facts.HasReferenceProfile =>
            $"{Name(facts)} has no reference profile (set the version tag '{VersionFacts.ReferenceProfileTag}').",
        RequiredFacts.ModelCard when !facts.HasModelCard => $"{Name(facts)} has no model card.",
        RequiredFacts.DatasetLineage when !facts.HasDatasetLineage => $"{Name(facts)} names no training dataset in its lineage.",
        _ => null,
    };

    private static IEnumerable<string> CheckRisk(RiskTierRule rule, VersionFacts facts)
    {
        if (facts.RiskTier is null)
        {
            // An untagged version is in no tier: the rule names the tiers it governs.
            yield break;
        }

        if (!RiskTiers.All.Contains(facts.RiskTier, StringComparer.Ordinal))
        {
            yield return $"{Name(facts)} has risk tier '{facts.RiskTier}'; the tag '{RiskTiers.Tag}' must be low, medium or high.";
            yield break;
        }

        if (!rule.Tiers.Contains(facts.RiskTier, StringComparer.Ordinal))
        {
            yield break;
        }

        var approval = facts.Approval;
        if (approval.Status != ApprovalStatus.Approved)
        {
            yield return approval.Status == ApprovalStatus.Rejected
                ? $"{Name(facts)} is {facts.RiskTier} risk and was rejected by {approval.By ?? "?"}: {approval.Comment}"
                : $"{Name(facts)} is {facts.RiskTier} risk and needs an approval (modelplane versions approve {Name(facts)}).";
        }
        else if (facts.Author is not null && string.Equals(approval.By, facts.Author, StringComparison.Ordinal))
        {
            yield return $"{Name(facts)} is {facts.RiskTier} risk and was approved by its own author {facts.Author}; a second person must approve it.";
        }
    }

    private static string Name(VersionFacts facts) => $"{facts.Model}@{facts.Version.ToString(CultureInfo.InvariantCulture)}";
}
