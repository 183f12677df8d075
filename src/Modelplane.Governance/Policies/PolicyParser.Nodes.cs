using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Modelplane.Governance.Policies;

public static partial class PolicyParser
{
    private static YamlMappingNode Mapping(YamlNode node, string path) =>
        node as YamlMappingNode ?? throw Problem(node, path, $"expected a mapping of keys to values, got {Shown(node)}.");

    private static YamlNode? Find(YamlMappingNode map, string key) =>
        map.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: var k } && k == key).Value;

    private static void Keys(YamlMappingNode map, string path, params string[] allowed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw Problem(key, path, $"unknown key '{name}'; expected {string.Join(", ", allowed)}.");
            }

            if (!seen.Add(name))
            {
                throw Problem(key, path, $"key '{name}' appears twice.");
            }
        }
    }

    private static string Text(YamlNode node, string path) =>
        node is YamlScalarNode { Value: { Length: > 0 } value } && node.Tag.IsEmpty
            ? value
            : throw Problem(node, path, $"expected a non-empty text, got {Shown(node)}.");

    private static string OneOf(YamlNode node, string path, IReadOnlyList<string> allowed)
    {
        var value = Text(node, path);
        return allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw Problem(node, path, $"'{value}' is not one of {string.Join(", ", allowed)}.");
    }

    private static List<string> Names(YamlNode node, string path, IReadOnlyList<string>? allowed)
    {
        if (node is not YamlSequenceNode list || list.Children.Count == 0)
        {
            throw Problem(node, path, $"expected a non-empty list, got {Shown(node)}.");
        }

        var names = list.Children.Select((item, i) => allowed is null ? Text(item, $"{path}[{i}]") : OneOf(item, $"{path}[{i}]", allowed)).ToList();
        return names.Distinct(StringComparer.Ordinal).Count() == names.Count
            ? names
            : throw Problem(node, path, "a name appears twice.");
    }

    // A number or boolean must be a plain scalar: "0.85" in quotes is text, and accepting it would hide a type mistake.
    private static string? Plain(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: { } value } && node.Tag.IsEmpty ? value : null;

    private static string Shown(YamlNode node) => node switch
    {
        YamlScalarNode { Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted, Value: var v } => $"the text \"{v}\"",
        YamlScalarNode { Value: var v } => $"'{v}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    private static PolicyDocumentException Problem(YamlNode node, string path, string message) =>
        new($"line {node.Start.Line}, column {node.Start.Column}: {path}: {message}");
}
