using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Cli.Tests.Real;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Testing.FileSystem;
using Modelplane.Testing.Onnx;

namespace Modelplane.Cli.Tests.Cli;

/// <summary><c>models execution</c> and the settings in <c>models show</c>, against the real server.</summary>
public sealed class ExecutionCommandTests(RealServer server) : IClassFixture<RealServer>, IDisposable
{
    private readonly CliHarness _cli = new() { ClientFactory = uri => new ModelplaneClient(uri) };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Execution_BatchingOptions_StoresThemAndShowPrintsThem()
    {
        var model = await PushAsync();

        var set = await RunAsync("models", "execution", $"{model}@1", "--max-batch-size", "32", "--max-queue-delay", "2ms", "--preferred-batch-sizes", "8,16", "--max-queue", "64");
        var show = await RunAsync("models", "show", $"{model}@1");

        Assert.True(set.ExitCode == ExitCodes.Success, set.Error);
        Assert.Contains("on: max batch size 32, max queue delay 2ms, preferred sizes 8,16", set.Out, StringComparison.Ordinal);
        Assert.Contains(show.Out.Split('\n'), l => l.Contains("max queue", StringComparison.Ordinal) && l.Contains("64", StringComparison.Ordinal));
        Assert.Contains("on: max batch size 32, max queue delay 2ms, preferred sizes 8,16", show.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execution_NoBatchingJson_KeepsOtherSettingsAndTurnsBatchingOff()
    {
        var model = await PushAsync();
        await RunAsync("models", "execution", $"{model}@1", "--max-batch-size", "8", "--max-concurrency", "2");

        var run = await RunAsync("models", "execution", $"{model}@1", "--no-batching", "--json");

        var execution = JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.VersionExecutionDto)!;
        Assert.Equal((2, null), (execution.Settings.MaxConcurrency, execution.Settings.Batching));
    }

    [Fact]
    public async Task Execution_Reset_StartsFromTheServerDefaults()
    {
        var model = await PushAsync();
        await RunAsync("models", "execution", $"{model}@1", "--max-batch-size", "8", "--max-concurrency", "2");

        var run = await RunAsync("models", "execution", $"{model}@1", "--reset", "--max-queue", "16", "--json");

        var execution = JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.VersionExecutionDto)!;
        Assert.Equal(new ExecutionSettingsDto(MaxQueue: 16), execution.Settings);
    }

    [Fact]
    public async Task Execution_BadDelay_ExitsUsage()
    {
        var model = await PushAsync();

        var run = await RunAsync("models", "execution", $"{model}@1", "--max-queue-delay", "soon");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--max-queue-delay 'soon' is not a duration such as 500us, 2ms or 1s.", run.Error, StringComparison.Ordinal);
    }

    private Task<CliRun> RunAsync(params string[] args) => _cli.RunAsync([.. args, "--server", server.Url, "--token", server.AdminToken]);

    private async Task<string> PushAsync()
    {
        var model = $"m{Guid.NewGuid():N}"[..16];
        var file = _temp.File($"{model}.onnx", OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 1f).Build());
        Assert.Equal(ExitCodes.Success, (await RunAsync("models", "push", model, file)).ExitCode);
        return model;
    }
}
