using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Api;

public sealed class VersionExecutionRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SetExecution_ThenRestart_VersionLoadsWithTheSettings()
    {
        using var first = new ModelplaneAppFactory();
        var model = TestModels.UniqueName();
        await first.PushAsync(model, TestModels.Linear3());
        await new ModelplaneClient(first.CreateClient()).SetExecutionAsync(
            model, "1", new ExecutionSettingsDto(MaxConcurrency: 1, Batching: new BatchingSettingsDto(16, 1000, [8])), ct: Ct);

        // A second application over the same data directory is a restarted server: nothing loaded, settings only on disk.
        using var restarted = new SameDataApp(first.DataDirectory);
        var http = restarted.CreateClient();
        var execution = await new ModelplaneClient(http).GetExecutionAsync(model, "1", Ct);
        var metadata = await new ModelplaneClient(http).GetModelMetadataAsync(model, Ct);

        Assert.Equal((1, 16, 1000L), (execution.Settings.MaxConcurrency, execution.Settings.Batching!.MaxBatchSize, execution.Settings.Batching.MaxQueueDelayUs));
        Assert.Equal(("true", "16", "8", "1"), (metadata.Parameters!["dynamic_batching"], metadata.Parameters["max_batch_size"], metadata.Parameters["preferred_batch_size"], metadata.Parameters["max_concurrency"]));
    }

    private sealed class SameDataApp(string dataDirectory) : ModelplaneAppFactory(new() { ["Modelplane:DataDirectory"] = dataDirectory });
}
