using System.CommandLine;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane models lineage NAME@V</c>: the chain back to parent versions, data, code and run, as a tree.</summary>
internal static class LineageCommand
{
    /// <summary>Builds the <c>lineage</c> command.</summary>
    public static Command Build(CliEnvironment env)
    {
        var reference = new Argument<string>("NAME@VERSION") { Description = "The version, by number or alias" };
        var command = new Command("lineage", "Print where a version came from: parent versions, training data, code and run (--json gives the graph).") { reference }
            .WithExamples("modelplane models lineage churn@3", "modelplane models lineage churn@champion --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var target = ModelVersionReference.Parse(parse.GetRequiredValue(reference));
            var graph = await client.GetLineageAsync(target.Model, await target.VersionOrAliasAsync(client, ct), ct);
            if (output.Json)
            {
                output.WriteJson(graph, ModelplaneJsonContext.Default.LineageGraphDto);
                return ExitCodes.Success;
            }

            output.Console.Write(ToTree(graph));
            return ExitCodes.Success;
        }, ex => ex.Status == 404 ? "Run `modelplane models show MODEL` to see its versions." : null);
        return command;
    }

    /// <summary>The graph as a tree rooted at the first node; a version reached twice is expanded once.</summary>
    internal static Tree ToTree(LineageGraphDto graph)
    {
        var nodes = graph.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var root = graph.Nodes[0];
        var tree = new Tree(Describe(root));
        var expanded = new HashSet<string>(StringComparer.Ordinal) { root.Id };
        AddChildren(tree.AddNode, root.Id, graph, nodes, expanded);
        return tree;
    }

    private static void AddChildren(
        Func<string, TreeNode> add, string id, LineageGraphDto graph, Dictionary<string, LineageNodeDto> nodes, HashSet<string> expanded)
    {
        foreach (var edge in graph.Edges.Where(e => e.From == id))
        {
            var node = nodes[edge.To];
            var child = add($"[grey]{edge.Type.Replace('_', ' ').EscapeMarkup()}[/] {Describe(node)}");
            if (expanded.Add(node.Id))
            {
                AddChildren(child.AddNode, node.Id, graph, nodes, expanded);
            }
        }
    }

    private static string Describe(LineageNodeDto node)
    {
        var facts = node.Type switch
        {
            "model_version" => Join(node, "created_by", "approval"),
            "dataset" when node.Properties.TryGetValue("digest", out var digest) => $"digest {digest}",
            "dataset" => node.Properties.TryGetValue("sha256", out var sha) && node.Properties.ContainsKey("uri") ? $"sha256:{sha}" : "",
            "run" => Join(node, "experiment_id", "status"),
            _ => "",
        };
        var label = $"[bold]{node.Label.EscapeMarkup()}[/]";
        return facts.Length == 0 ? $"{node.Type.Replace('_', ' ')}: {label}" : $"{node.Type.Replace('_', ' ')}: {label} [grey]({facts.EscapeMarkup()})[/]";
    }

    private static string Join(LineageNodeDto node, params string[] keys) =>
        string.Join(", ", keys.Where(node.Properties.ContainsKey).Select(k => $"{k.Replace('_', ' ')} {node.Properties[k]}"));
}
