using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Cli.Tests.Real;
using Modelplane.Client;
using Modelplane.Testing.FileSystem;
using Modelplane.Testing.Onnx;

namespace Modelplane.Cli.Tests.Cli;

/// <summary><c>rollout</c> and <c>rollback</c> against the real server.</summary>
public sealed class RolloutCommandTests(RealServer server) : IClassFixture<RealServer>, IDisposable
{
    private readonly CliHarness _cli = new() { ClientFactory = uri => new ModelplaneClient(uri) };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task StartStatusPromoteRollback_AsAPersonWould()
    {
        var model = await PushTwoVersionsAsync();
        await RunAsync("endpoints", "create", model, "--model", $"{model}@1");

        var start = await RunAsync("rollout", "start", model, "--to", $"{model}@2", "--steps", "10,50,100", "--bake", "1h");
        var status = await RunAsync("rollout", "status", model);
        var pause = await RunAsync("rollout", "pause", model, "--json");
        var promote = await RunAsync("rollout", "promote", model, "--json");
        var rollback = await RunAsync("rollback", model);
        var shown = await RunAsync("endpoints", "show", model, "--json");

        Assert.True(start.ExitCode == ExitCodes.Success, start.Error);
        Assert.Contains("started; follow it with `modelplane rollout status", start.Out, StringComparison.Ordinal);
        Assert.Matches(@"Steps\s+10%\s+50%\s+100%\s+bake 1:00:00 per step", status.Out);
        Assert.Contains("started", status.Out, StringComparison.Ordinal);
        Assert.Equal("paused", JsonSerializer.Deserialize(pause.Out, ModelplaneJsonContext.Default.RolloutDto)!.State);
        Assert.Equal("promoted", JsonSerializer.Deserialize(promote.Out, ModelplaneJsonContext.Default.RolloutDto)!.State);
        Assert.True(rollback.ExitCode == ExitCodes.Success, rollback.Error);
        Assert.Contains($"rolled back to {model}@1", rollback.Out, StringComparison.Ordinal);
        Assert.Equal(1, JsonSerializer.Deserialize(shown.Out, ModelplaneJsonContext.Default.EndpointDto)!.Version);
    }

    [Theory]
    [InlineData("--bake", "soon", "--bake 'soon' is not a duration")]
    [InlineData("--bake", "5y", "has unit 'y'")]
    [InlineData("--steps", "10,half,100", "'half' is not a whole percent")]
    [InlineData("--bake", "-5s", "bake must be positive")]
    public async Task Start_BadArguments_ExitWithTheReason(string option, string value, string message)
    {
        var model = await PushTwoVersionsAsync();
        await RunAsync("endpoints", "create", model, "--model", $"{model}@1");

        var run = await RunAsync("rollout", "start", model, "--to", $"{model}@2", option, value);

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    private async Task<string> PushTwoVersionsAsync()
    {
        var model = $"r{Guid.NewGuid():N}"[..16];
        foreach (var bias in new[] { 1f, 2f })
        {
            var onnx = _temp.File($"{model}-{bias}.onnx", OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], bias).Build());
            Assert.Equal(ExitCodes.Success, (await RunAsync("models", "push", model, onnx)).ExitCode);
        }

        return model;
    }

    private Task<CliRun> RunAsync(params string[] args) => _cli.RunAsync([.. args, "--server", server.Url, "--token", server.AdminToken]);
}
