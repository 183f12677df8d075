using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.EndToEnd.Tests;

/// <summary>A rollout is a persisted state machine: a server killed mid-rollout continues it from its step after a restart.</summary>
public sealed class RolloutRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kill9MidRollout_RestartContinuesFromThePersistedStep_ToPromotion()
    {
        await using var server = await ModelplaneProcess.StartAsync();
        await server.CliAsync("models", "push", "bc", Samples.BreastCancerOnnx);
        await server.CliAsync("models", "push", "bc", Samples.BreastCancerOnnx);
        await server.CliAsync("endpoints", "create", "bc", "--model", "bc@1");
        var start = await server.CliAsync("rollout", "start", "bc", "--to", "bc@2", "--steps", "20,60,100", "--bake", "2s", "--min-requests", "60");
        Assert.True(start.ExitCode == 0, start.StdErr);

        // Let the first step pass, so the kill lands in step 2 (60%).
        var beforeKill = await DriveUntilAsync(server, r => r.StepIndex == 1 || r.State != "running");
        Assert.True((beforeKill.State, beforeKill.StepIndex) == ("running", 1), JsonSerializer.Serialize(beforeKill, ModelplaneJsonContext.Default.RolloutDto));

        await server.KillAsync();
        await server.RestartAsync();

        var afterRestart = await StatusAsync(server);
        Assert.Equal(("running", 1, beforeKill.Id), (afterRestart.State, afterRestart.StepIndex, afterRestart.Id));
        var done = await DriveUntilAsync(server, r => r.State != "running");
        Assert.Equal("promoted", done.State);
        // A bake that ends before both versions have their minimum sample says so and keeps baking.
        var kinds = done.Events.Select(e => e.Kind).Where(k => k != "insufficient_data");
        Assert.Equal(["started", "step", "resumed_after_restart", "promoted"], kinds);
        Assert.Equal("controller", done.Events.Single(e => e.Kind == "resumed_after_restart").Actor);
        var shown = await server.CliAsync("endpoints", "show", "bc", "--json");
        Assert.Equal(2, JsonSerializer.Deserialize(shown.StdOut, ModelplaneJsonContext.Default.EndpointDto)!.Version);
    }

    // Sends predictions (the analysis needs traffic) until the rollout reaches the state wanted; bounded at 60 s.
    private static async Task<RolloutDto> DriveUntilAsync(ModelplaneProcess server, Func<RolloutDto, bool> reached)
    {
        using var http = server.CreateHttpClient();
        var body = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "breast-cancer-1row.json"), Ct);
        var clock = Stopwatch.StartNew();
        var status = await StatusAsync(server);
        while (!reached(status) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            for (var i = 0; i < 20; i++)
            {
                using var response = await http.PostAsync("/v2/models/bc/infer", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            status = await StatusAsync(server);
        }

        return status;
    }

    private static async Task<RolloutDto> StatusAsync(ModelplaneProcess server)
    {
        var status = await server.CliAsync("rollout", "status", "bc", "--json");
        Assert.True(status.ExitCode == 0, status.StdErr);
        return JsonSerializer.Deserialize(status.StdOut, ModelplaneJsonContext.Default.RolloutDto)!;
    }
}
