using System.Text;
using System.Text.Json;

namespace Modelplane.EndToEnd.Tests;

/// <summary>Lineage, aliases and serving through an alias, with the real process and the real CLI.</summary>
public sealed class RegistryMetadataTests
{
    private static readonly string Body = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "breast-cancer-1row.json"));

    [Fact]
    public async Task PushWithLineageAliasAndInfer_RealProcesses_ServeThroughAliasAndPrintLineage()
    {
        await using var server = await ModelplaneProcess.StartAsync();
        var dataset = Path.Combine(server.DataDirectory, "train.csv");
        await File.WriteAllTextAsync(dataset, "f1,f2,label\n1,2,0\n", TestContext.Current.CancellationToken);

        var first = await server.CliAsync("models", "push", "bc", Samples.BreastCancerOnnx, "--dataset", dataset,
            "--code-repo", "https://git.example/bc", "--code-commit", "3f2a1c", "--run-id", "run-1", "--param", "l2=0.1", "--created-by", "e2e");
        Assert.True(first.ExitCode == 0, first.StdErr);
        var second = await server.CliAsync("models", "push", "bc", Samples.BreastCancerOnnx, "--parent", "1", "--run-id", "run-2");
        Assert.True(second.ExitCode == 0, second.StdErr);

        var alias = await server.CliAsync("models", "alias", "set", "bc", "champion", "--version", "2");
        Assert.True(alias.ExitCode == 0, alias.StdErr);

        using var http = server.CreateHttpClient();
        using var byAlias = await http.PostAsync("/v2/models/bc/versions/champion/infer", new StringContent(Body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        using var byNumber = await http.PostAsync("/v2/models/bc/versions/2/infer", new StringContent(Body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, byAlias.StatusCode);
        using var aliased = JsonDocument.Parse(await byAlias.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        using var numbered = JsonDocument.Parse(await byNumber.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("2", aliased.RootElement.GetProperty("model_version").GetString());
        Assert.Equal(numbered.RootElement.GetProperty("outputs").GetRawText(), aliased.RootElement.GetProperty("outputs").GetRawText());

        var lineage = await server.CliAsync("models", "lineage", "bc@champion");
        Assert.True(lineage.ExitCode == 0, lineage.StdErr);
        Assert.Contains("model version: bc@2", lineage.StdOut, StringComparison.Ordinal);
        Assert.Contains("derived from model version: bc@1", lineage.StdOut, StringComparison.Ordinal);
        Assert.Contains($"trained on dataset: {dataset}", lineage.StdOut, StringComparison.Ordinal);
        Assert.Contains("built from code: https://git.example/bc@3f2a1c", lineage.StdOut, StringComparison.Ordinal);
        Assert.Contains("produced by run: run-2", lineage.StdOut, StringComparison.Ordinal);

        var graph = await server.CliAsync("models", "lineage", "bc@2", "--json");
        using var doc = JsonDocument.Parse(graph.StdOut);
        var datasetNode = doc.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("type").GetString() == "dataset");
        Assert.Equal(64, datasetNode.GetProperty("properties").GetProperty("sha256").GetString()!.Length);
    }
}
