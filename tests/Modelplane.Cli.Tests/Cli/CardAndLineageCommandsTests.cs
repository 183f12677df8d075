using System.Text.Json;
using Modelplane.Cli.Cards;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Cli.Tests.Cli;

public sealed class CardAndLineageCommandsTests : IDisposable
{
    private const string Card = "# Churn model\n\n## Intended use\n- retention **campaigns**\n- not credit\n\n1. first\n\n```\ncode line\n```\nSee [docs](https://x.test).\n";
    private readonly CliHarness _cli = new();
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CardSetThenShow_RendersMarkdownAsText()
    {
        _cli.Server.AddVersion("churn", [1]);

        var set = await _cli.RunAsync("models", "card", "set", "churn@1", _temp.File("CARD.md", System.Text.Encoding.UTF8.GetBytes(Card)));
        var show = await _cli.RunAsync("models", "card", "show", "churn@1");

        Assert.Equal(ExitCodes.Success, set.ExitCode);
        Assert.Equal("text/markdown", _cli.Server.Requests[0].ContentType);
        Assert.Equal(
            ["CHURN MODEL", "", "Intended use", "  • retention campaigns", "  • not credit", "", "  1. first", "", "    code line", "See docs (https://x.test)."],
            show.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task CardShow_NoCard_ExitsApiError()
    {
        _cli.Server.AddVersion("churn", [1]);

        var run = await _cli.RunAsync("models", "card", "show", "churn@1");

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Contains("no model card", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkup_SquareBrackets_AreEscapedForSpectre()
    {
        Assert.Equal(["- [[x]] done"], MarkdownText.ToMarkup("\\- [x] done").Select(l => l.Replace("\\", "", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Lineage_Graph_PrintsTreeBackToDataAndCode()
    {
        _cli.Server.AddVersion("churn", [1]);
        _cli.Server.AddVersion("churn", [2]);
        _cli.Server.Lineage = Graph();

        var run = await _cli.RunAsync("models", "lineage", "churn@2");

        var lines = run.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.StartsWith("model version: churn@2", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("derived from model version: churn@1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("trained on dataset: train.csv", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("built from code: repo@c1", StringComparison.Ordinal));
        Assert.True(Array.FindIndex(lines, l => l.Contains("churn@1", StringComparison.Ordinal)) < Array.FindIndex(lines, l => l.Contains("train.csv", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Lineage_Json_PrintsGraph()
    {
        _cli.Server.AddVersion("churn", [1]);
        _cli.Server.Lineage = Graph();

        var run = await _cli.RunAsync("models", "lineage", "churn@1", "--json");

        var graph = JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.LineageGraphDto)!;
        Assert.Equal((4, 3), (graph.Nodes.Count, graph.Edges.Count));
    }

    private static LineageGraphDto Graph() => new(
        [
            new("version:churn@2", "model_version", "churn@2", new Dictionary<string, string>()),
            new("version:churn@1", "model_version", "churn@1", new Dictionary<string, string>()),
            new("dataset:train.csv", "dataset", "train.csv", new Dictionary<string, string> { ["uri"] = "train.csv" }),
            new("code:repo@c1", "code", "repo@c1", new Dictionary<string, string>()),
        ],
        [
            new("version:churn@2", "version:churn@1", "derived_from"),
            new("version:churn@1", "dataset:train.csv", "trained_on"),
            new("version:churn@1", "code:repo@c1", "built_from"),
        ]);
}
