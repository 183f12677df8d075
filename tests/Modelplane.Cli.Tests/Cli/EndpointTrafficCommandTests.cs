using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Cli.Tests.Real;
using Modelplane.Client;
using Modelplane.Testing.FileSystem;
using Modelplane.Testing.Onnx;

namespace Modelplane.Cli.Tests.Cli;

/// <summary><c>endpoints traffic</c> against the real server.</summary>
public sealed class EndpointTrafficCommandTests(RealServer server) : IClassFixture<RealServer>, IDisposable
{
    private readonly CliHarness _cli = new() { ClientFactory = uri => new ModelplaneClient(uri) };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Traffic_SplitsAndShows_ThenSetEndsIt()
    {
        var model = await PushTwoVersionsAsync();
        Assert.Equal(ExitCodes.Success, (await RunAsync("endpoints", "create", model, "--model", $"{model}@1")).ExitCode);

        var split = await RunAsync("endpoints", "traffic", model, $"{model}@1=90", $"{model}@2=10", "--sticky-header", "X-User");
        var show = await RunAsync("endpoints", "show", model, "--json");
        var set = await RunAsync("endpoints", "set", model, "--model", $"{model}@2", "--json");

        Assert.True(split.ExitCode == ExitCodes.Success, split.Error);
        Assert.Contains($"{model}@1 90%  {model}@2 10%  (sticky by X-User)", split.Out, StringComparison.Ordinal);
        var shown = JsonSerializer.Deserialize(show.Out, ModelplaneJsonContext.Default.EndpointDto)!;
        Assert.Equal([(1, 90), (2, 10)], shown.Traffic.Select(t => (t.Version, t.Weight)));
        Assert.Equal([(1, 0L), (2, 0L)], shown.Routed!.Select(r => (r.Version, r.Requests))); // in effect, nothing routed yet
        Assert.Empty(JsonSerializer.Deserialize(set.Out, ModelplaneJsonContext.Default.EndpointDto)!.Traffic);
    }

    [Fact]
    public async Task Traffic_BadArguments_ExitWithTheReason()
    {
        var model = await PushTwoVersionsAsync();
        await RunAsync("endpoints", "create", model, "--model", $"{model}@1");

        var noWeight = await RunAsync("endpoints", "traffic", model, $"{model}@1", $"{model}@2=10");
        var badSum = await RunAsync("endpoints", "traffic", model, $"{model}@1=60", $"{model}@2=10");

        Assert.Equal(ExitCodes.Usage, noWeight.ExitCode);
        Assert.Contains($"'{model}@1' is not MODEL@VERSION=WEIGHT", noWeight.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ApiError, badSum.ExitCode);
        Assert.Contains("The weights sum to 70; they must sum to 100.", badSum.Error, StringComparison.Ordinal);
    }

    private async Task<string> PushTwoVersionsAsync()
    {
        var model = $"t{Guid.NewGuid():N}"[..16];
        foreach (var bias in new[] { 1f, 2f })
        {
            var onnx = _temp.File($"{model}-{bias}.onnx", OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], bias).Build());
            Assert.Equal(ExitCodes.Success, (await RunAsync("models", "push", model, onnx)).ExitCode);
        }

        return model;
    }

    private Task<CliRun> RunAsync(params string[] args) => _cli.RunAsync([.. args, "--server", server.Url, "--token", server.AdminToken]);
}
