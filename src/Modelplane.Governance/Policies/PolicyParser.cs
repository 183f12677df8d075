using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Modelplane.Governance.Policies;

/// <summary>
/// Reads a policy document (YAML, or JSON, which is YAML) strictly: unknown keys, wrong types, empty lists and
/// incomplete rules are refused with the line and field named, so a typo never silently weakens a policy.
/// </summary>
public static partial class PolicyParser
{
    /// <summary>The largest document accepted, in characters.</summary>
    public const int MaxLength = 64 * 1024;

    private static readonly string[] RuleKinds = ["metric", "require", "formats", "max_artifact_bytes", "risk_tier", "signature"];

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="PolicyDocumentException">The document is not a valid policy; the message says where and why.</exception>
    public static PolicyDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new PolicyDocumentException($"The policy is {text.Length} characters; the limit is {MaxLength}.");
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new PolicyDocumentException($"line {ex.Start.Line}, column {ex.Start.Column}: not valid YAML or JSON: {ex.InnerException?.Message ?? ex.Message}", ex);
        }

        if (stream.Documents.Count != 1)
        {
            throw new PolicyDocumentException(stream.Documents.Count == 0
                ? "The policy is empty: it needs a 'rules' list."
                : "The policy holds several YAML documents; give exactly one.");
        }

        var root = Mapping(stream.Documents[0].RootNode, "the policy");
        Keys(root, "the policy", "rules", "applies_to");
        var appliesTo = Find(root, "applies_to") is { } actions ? Actions(actions, "applies_to") : PolicyActions.All;
        var rulesNode = Find(root, "rules") ?? throw Problem(root, "the policy", "'rules' is required: a list of at least one rule.");
        if (rulesNode is not YamlSequenceNode rules || rules.Children.Count == 0)
        {
            throw Problem(rulesNode, "rules", "expected a non-empty list of rules.");
        }

        return new PolicyDocument([.. rules.Children.Select((node, i) => Rule(node, $"rules[{i}]"))], appliesTo);
    }

    private static PolicyRule Rule(YamlNode node, string path)
    {
        var map = Mapping(node, path);
        var kinds = RuleKinds.Where(k => Find(map, k) is not null).ToList();
        if (kinds.Count != 1)
        {
            throw Problem(node, path, kinds.Count == 0
                ? $"a rule needs exactly one of {string.Join(", ", RuleKinds)}."
                : $"a rule has exactly one kind; this one has {string.Join(" and ", kinds)}: split it into separate rules.");
        }

        var appliesTo = Find(map, "applies_to") is { } own ? Actions(own, $"{path}.applies_to") : null;
        return kinds[0] switch
        {
            "metric" => MetricRule(map, path, appliesTo),
            "require" => RequireRule(map, path, appliesTo),
            "formats" => FormatsRule(map, path, appliesTo),
            "max_artifact_bytes" => SizeRule(map, path, appliesTo),
            "risk_tier" => RiskRule(map, path, appliesTo),
            _ => SignatureRule(map, path, appliesTo),
        };
    }
}
