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

    [Fact]
    public async Task Traffic_ShadowCascadeAndFallback_AreSetShownAndSwitchedOffTogether()
    {
        var model = await PushTwoVersionsAsync();
        await RunAsync("endpoints", "create", model, "--model", $"{model}@1");

        var set = await RunAsync("endpoints", "traffic", model, $"{model}@1=90", $"{model}@2=10", "--shadow", $"{model}@2:20%", "--fallback", $"{model}@1");
        var cascade = await RunAsync("endpoints", "traffic", model, "--cascade", $"{model}@1>=0.9,{model}@2", "--json");
        var off = await RunAsync("endpoints", "traffic", model, "--json");

        Assert.True(set.ExitCode == ExitCodes.Success, set.Error);
        Assert.Matches($@"Shadow\s+{model}@2 gets 20% of requests", set.Out);
        Assert.Matches($@"Fallback\s+{model}@1", set.Out);
        var cascaded = JsonSerializer.Deserialize(cascade.Out, ModelplaneJsonContext.Default.EndpointDto)!;
        Assert.Equal((2, 0), (cascaded.Version, cascaded.Traffic.Count)); // the heavy version takes what the cheap one escalates
        Assert.Equal(new Modelplane.Client.Contracts.EndpointPoliciesDto(Cascade: new(model, 1, 0.9)), cascaded.Policies);
        Assert.Equal(new Modelplane.Client.Contracts.EndpointPoliciesDto(), JsonSerializer.Deserialize(off.Out, ModelplaneJsonContext.Default.EndpointDto)!.Policies);
    }

    [Theory]
    [InlineData("--shadow", "{0}@2", "is not MODEL@VERSION:PERCENT%")]
    [InlineData("--cascade", "{0}@1", "is not CHEAP@VERSION>=THRESHOLD[,HEAVY@VERSION]")]
    [InlineData("--shadow", "{0}@2:0%", "The shadow share of {0}@2 is 0%")]
    public async Task Traffic_BadPolicyOptions_ExitWithTheReason(string option, string value, string message)
    {
        var model = await PushTwoVersionsAsync();
        await RunAsync("endpoints", "create", model, "--model", $"{model}@1");

        var run = await RunAsync("endpoints", "traffic", model, option, string.Format(System.Globalization.CultureInfo.InvariantCulture, value, model));

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, message, model), run.Error, StringComparison.Ordinal);
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
