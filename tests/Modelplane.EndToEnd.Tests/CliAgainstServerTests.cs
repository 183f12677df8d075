using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Modelplane.EndToEnd.Tests;

/// <summary>The real <c>modelplane</c> process on loopback, driven by the real CLI in separate processes.</summary>
public sealed class CliAgainstServerTests
{
    [Fact]
    public async Task PushCreatePredictSwitch_RealProcesses_ServeRecordedPredictions()
    {
        await using var server = await ModelplaneProcess.StartAsync();
        var rows = Samples.BreastCancerRows();

        var push = await server.CliAsync("models", "push", "breast-cancer", Samples.BreastCancerOnnx, "--metric", "auc=0.99", "--tag", "team=e2e", "--json");
        Assert.True(push.ExitCode == 0, push.StdErr);
        using (var pushed = JsonDocument.Parse(push.StdOut))
        {
            Assert.Equal(1, pushed.RootElement.GetProperty("version").GetInt32());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Samples.BreastCancerOnnx, TestContext.Current.CancellationToken))), pushed.RootElement.GetProperty("digest").GetString());
        }

        var second = await server.CliAsync("models", "push", "breast-cancer", Samples.BreastCancerOnnx);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("version 2", second.StdOut, StringComparison.Ordinal);

        var create = await server.CliAsync("endpoints", "create", "bc", "--model", "breast-cancer@1");
        Assert.True(create.ExitCode == 0, create.StdErr);

        var input = Path.Combine(server.DataDirectory, "rows.json");
        await File.WriteAllTextAsync(input, new JsonArray([.. rows.Take(3).Select(r => r!["features"]!.DeepClone())]).ToJsonString(), TestContext.Current.CancellationToken);
        var predict = await server.CliAsync("predict", "bc", "--input", input, "--json");
        Assert.True(predict.ExitCode == 0, predict.StdErr);
        using (var response = JsonDocument.Parse(predict.StdOut))
        {
            var probabilities = response.RootElement.GetProperty("outputs").EnumerateArray()
                .Single(o => o.GetProperty("name").GetString() == "Probability.output").GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            Assert.Equal(3, probabilities.Length);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(rows[i]!["probability"]!.GetValue<float>(), probabilities[i], 1e-5f);
            }
        }

        var show = await server.CliAsync("models", "show", "breast-cancer@1", "--json");
        using (var shown = JsonDocument.Parse(show.StdOut))
        {
            var features = shown.RootElement.GetProperty("signature").GetProperty("inputs")[0];
            Assert.Equal("Features", features.GetProperty("name").GetString());
            Assert.Equal([-1L, 30L], features.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
            Assert.Equal(0.99, shown.RootElement.GetProperty("metrics").GetProperty("auc").GetDouble());
        }

        var set = await server.CliAsync("endpoints", "set", "bc", "--model", "breast-cancer@2");
        Assert.True(set.ExitCode == 0, set.StdErr);
        var list = await server.CliAsync("endpoints", "list", "--json");
        using var endpoints = JsonDocument.Parse(list.StdOut);
        var bc = endpoints.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "bc");
        Assert.Equal(2, bc.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Cli_UnknownEndpointAndDuplicate_ExitWithServerMessage()
    {
        await using var server = await ModelplaneProcess.StartAsync();
        await server.CliAsync("models", "push", "bc", Samples.BreastCancerOnnx);
        await server.CliAsync("endpoints", "create", "bc", "--model", "bc@1");

        var unknown = await server.CliAsync("endpoints", "show", "nope");
        var duplicate = await server.CliAsync("endpoints", "create", "bc", "--model", "bc@1");

        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("'nope'", unknown.StdErr + unknown.StdOut, StringComparison.Ordinal);
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("already exists", duplicate.StdErr + duplicate.StdOut, StringComparison.Ordinal);
    }
}
