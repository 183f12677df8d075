namespace Modelplane.Governance.Policies;

/// <summary>A parsed, valid admission policy: its rules and the actions they are checked for.</summary>
/// <param name="Rules">At least one rule.</param>
/// <param name="AppliesTo">The actions rules without their own <c>applies_to</c> are checked for.</param>
public sealed record PolicyDocument(IReadOnlyList<PolicyRule> Rules, IReadOnlySet<PolicyAction> AppliesTo);

/// <summary>One rule of a policy; <see cref="Describe"/> names it in violations.</summary>
/// <param name="AppliesTo">The rule's own actions, or null to use the document's.</param>
public abstract record PolicyRule(IReadOnlySet<PolicyAction>? AppliesTo)
{
    /// <summary>A short text naming the rule, e.g. <c>metric auc &gt;= 0.85</c>.</summary>
    public abstract string Describe();
}

/// <summary><c>metric: NAME</c> with <c>min</c> and/or <c>max</c> (inclusive bounds).</summary>
public sealed record MetricRule(string Metric, double? Min, double? Max, IReadOnlySet<PolicyAction>? AppliesTo) : PolicyRule(AppliesTo)
{
    /// <inheritdoc/>
    public override string Describe() => (Min, Max) switch
    {
        ({ } min, { } max) => FormattableString.Invariant($"metric {Metric} in [{min}, {max}]"),
        ({ } min, null) => FormattableString.Invariant($"metric {Metric} >= {min}"),
        _ => FormattableString.Invariant($"metric {Metric} <= {Max}"),
    };
}

/// <summary><c>require: [...]</c>: metadata the version must have (see <see cref="RequiredFacts"/>).</summary>
public sealed record RequireRule(IReadOnlyList<string> Facts, IReadOnlySet<PolicyAction>? AppliesTo) : PolicyRule(AppliesTo)
{
    /// <inheritdoc/>
    public override string Describe() => $"require [{string.Join(", ", Facts)}]";
}

/// <summary><c>formats: [...]</c>: the artifact formats allowed.</summary>
public sealed record FormatsRule(IReadOnlyList<string> Formats, IReadOnlySet<PolicyAction>? AppliesTo) : PolicyRule(AppliesTo)
{
    /// <inheritdoc/>
    public override string Describe() => $"formats [{string.Join(", ", Formats)}]";
}

/// <summary><c>max_artifact_bytes: N</c>: the largest artifact allowed.</summary>
public sealed record MaxArtifactBytesRule(long MaxBytes, IReadOnlySet<PolicyAction>? AppliesTo) : PolicyRule(AppliesTo)
{
    /// <inheritdoc/>
    public override string Describe() => FormattableString.Invariant($"max_artifact_bytes {MaxBytes}");
}

/// <summary>
/// <c>risk_tier: TIER(S)</c> with <c>require_approval: true</c>: versions in these tiers need an approval by someone
/// other than their author.
/// </summary>
public sealed record RiskTierRule(IReadOnlyList<string> Tiers, IReadOnlySet<PolicyAction>? AppliesTo) : PolicyRule(AppliesTo)
{
    /// <inheritdoc/>
    public override string Describe() => $"risk_tier {string.Join("|", Tiers)} requires approval";
}

/// <summary><c>signature: {trusted_keys: [...]}</c>: at least one valid artifact signature by one of these keys.</summary>
public sealed record SignatureRule(IReadOnlyList<string> TrustedKeys, IReadOnlySet<PolicyAction>? AppliesTo) : PolicyRule(AppliesTo)
{
    /// <inheritdoc/>
    public override string Describe() => $"signature by [{string.Join(", ", TrustedKeys)}]";
}

/// <summary>The names <c>require</c> accepts.</summary>
public static class RequiredFacts
{
    /// <summary>A non-empty input/output signature (the tensor schema read from the graph; not a cryptographic signature).</summary>
    public const string Signature = "signature";

    /// <summary>A reference data profile; until profiles exist, the version tag <c>reference_profile</c>.</summary>
    public const string ReferenceProfile = "reference_profile";

    /// <summary>A stored model card.</summary>
    public const string ModelCard = "model_card";

    /// <summary>A training dataset in the lineage (URI or SHA-256).</summary>
    public const string DatasetLineage = "dataset_lineage";

    /// <summary>Every accepted name.</summary>
    public static IReadOnlyList<string> All { get; } = [Signature, ReferenceProfile, ModelCard, DatasetLineage];
}

/// <summary>The risk tiers, read from the <c>risk_tier</c> tag of the version, else of the model.</summary>
public static class RiskTiers
{
    /// <summary>The tag holding the tier.</summary>
    public const string Tag = "risk_tier";

    /// <summary>Every valid tier.</summary>
    public static IReadOnlyList<string> All { get; } = ["low", "medium", "high"];
}
