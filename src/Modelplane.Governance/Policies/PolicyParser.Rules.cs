using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Modelplane.Governance.Policies;

public static partial class PolicyParser
{
    private static readonly string[] Formats = ["onnx", "mlnet"];

    private static MetricRule MetricRule(YamlMappingNode map, string path, IReadOnlySet<PolicyAction>? appliesTo)
    {
        Keys(map, path, "metric", "min", "max", "applies_to");
        var metric = Text(Find(map, "metric")!, $"{path}.metric");
        var min = Find(map, "min") is { } minNode ? Number(minNode, $"{path}.min") : (double?)null;
        var max = Find(map, "max") is { } maxNode ? Number(maxNode, $"{path}.max") : (double?)null;
        if (min is null && max is null)
        {
            throw Problem(map, path, $"metric '{metric}' needs min (for scores such as auc) or max (for losses), or both.");
        }

        if (min > max)
        {
            throw Problem(map, path, FormattableString.Invariant($"min {min} is above max {max}: no value could pass."));
        }

        return new MetricRule(metric, min, max, appliesTo);
    }

    private static RequireRule RequireRule(YamlMappingNode map, string path, IReadOnlySet<PolicyAction>? appliesTo)
    {
        Keys(map, path, "require", "applies_to");
        return new RequireRule(Names(Find(map, "require")!, $"{path}.require", RequiredFacts.All), appliesTo);
    }

    private static FormatsRule FormatsRule(YamlMappingNode map, string path, IReadOnlySet<PolicyAction>? appliesTo)
    {
        Keys(map, path, "formats", "applies_to");
        return new FormatsRule(Names(Find(map, "formats")!, $"{path}.formats", Formats), appliesTo);
    }

    private static MaxArtifactBytesRule SizeRule(YamlMappingNode map, string path, IReadOnlySet<PolicyAction>? appliesTo)
    {
        Keys(map, path, "max_artifact_bytes", "applies_to");
        var node = Find(map, "max_artifact_bytes")!;
        return Plain(node) is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
            ? new MaxArtifactBytesRule(bytes, appliesTo)
            : throw Problem(node, $"{path}.max_artifact_bytes", $"expected a positive whole number of bytes, got {Shown(node)}.");
    }

    private static RiskTierRule RiskRule(YamlMappingNode map, string path, IReadOnlySet<PolicyAction>? appliesTo)
    {
        Keys(map, path, "risk_tier", "require_approval", "applies_to");
        var tiersNode = Find(map, "risk_tier")!;
        var tiers = tiersNode is YamlSequenceNode
            ? Names(tiersNode, $"{path}.risk_tier", RiskTiers.All)
            : [OneOf(tiersNode, $"{path}.risk_tier", RiskTiers.All)];
        var approval = Find(map, "require_approval")
            ?? throw Problem(map, path, "a risk_tier rule needs 'require_approval: true' (what the tier requires).");
        if (Plain(approval) != "true")
        {
            throw Problem(approval, $"{path}.require_approval", $"expected true, got {Shown(approval)}; remove the rule to require nothing.");
        }

        return new RiskTierRule(tiers, appliesTo);
    }

    private static SignatureRule SignatureRule(YamlMappingNode map, string path, IReadOnlySet<PolicyAction>? appliesTo)
    {
        Keys(map, path, "signature", "applies_to");
        var signature = Mapping(Find(map, "signature")!, $"{path}.signature");
        Keys(signature, $"{path}.signature", "trusted_keys");
        var keys = Find(signature, "trusted_keys")
            ?? throw Problem(signature, $"{path}.signature", "'trusted_keys' is required: the names of the keys whose signature counts.");
        return new SignatureRule(Names(keys, $"{path}.signature.trusted_keys", allowed: null), appliesTo);
    }

    private static HashSet<PolicyAction> Actions(YamlNode node, string path)
    {
        var names = Names(node, path, [.. Enum.GetValues<PolicyAction>().Select(PolicyActions.Name)]);
        return names.Select(n => PolicyActions.TryParse(n, out var a) ? a : default).ToHashSet();
    }

    private static double Number(YamlNode node, string path) =>
        Plain(node) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Problem(node, path, $"expected a number, got {Shown(node)}.");
}
