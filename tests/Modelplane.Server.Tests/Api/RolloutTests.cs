using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Api;

/// <summary>
/// Progressive rollouts through the real HTTP stack, with the controller checking every 100 ms and bakes of about a
/// second: a canary that fails, is five times slower or predicts differently is rolled back at the end of its first
/// bake; a good one is promoted through every step; people's actions and bad requests behave as documented.
/// </summary>
public sealed class RolloutTests(FaultInjectionAppFactory app) : IClassFixture<FaultInjectionAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CanaryReturningErrors_IsRolledBackAtTheEndOfItsFirstBake()
    {
        var model = await EndpointAsync(canaryBias: 0.5f);
        app.Fail(model, 2);

        var rollout = await RunRolloutAsync(model, Start(model, [50, 100]));

        Assert.Equal(("rolled_back", 0), (rollout.State, rollout.StepIndex));
        var last = rollout.Events[^1];
        Assert.Equal(("controller", "rolled_back"), (last.Actor, last.Kind));
        Assert.Contains("error rate 100.0% vs baseline 0.0%", last.Reason, StringComparison.Ordinal);
        Assert.Equal(1.0, last.Figures!.CanaryErrorRate);
        await AssertServesOnlyAsync(model, 1);
    }

    [Fact]
    public async Task CanaryFiveTimesSlower_IsRolledBackAtTheEndOfItsFirstBake()
    {
        var model = await EndpointAsync(canaryBias: 0.5f);
        app.Delay(model, 1, TimeSpan.FromMilliseconds(4));
        app.Delay(model, 2, TimeSpan.FromMilliseconds(20));

        var rollout = await RunRolloutAsync(model, Start(model, [50, 100]));

        Assert.Equal(("rolled_back", 0), (rollout.State, rollout.StepIndex));
        Assert.Contains("p95 latency", rollout.Events[^1].Reason, StringComparison.Ordinal);
        Assert.True(rollout.Events[^1].Figures!.P95Ratio > 1.5, $"p95 ratio {rollout.Events[^1].Figures!.P95Ratio}");
        await AssertServesOnlyAsync(model, 1);
    }

    [Fact]
    public async Task CanaryWithShiftedPredictions_IsRolledBackAtTheEndOfItsFirstBake()
    {
        var model = await EndpointAsync(canaryBias: 100.5f);

        var rollout = await RunRolloutAsync(model, Start(model, [50, 100]));

        Assert.Equal(("rolled_back", 0), (rollout.State, rollout.StepIndex));
        Assert.Contains("prediction PSI", rollout.Events[^1].Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("error rate", rollout.Events[^1].Reason, StringComparison.Ordinal);
        await AssertServesOnlyAsync(model, 1);
    }

    [Fact]
    public async Task CanaryWorseOnLabels_IsRolledBackOnQuality()
    {
        // Both versions predict the same, so only the ground truth tells them apart: it says the canary is 3 off.
        var model = await EndpointAsync(canaryBias: 0.5f);
        using (var logging = await app.CreateClient().PutAsJsonAsync(
            $"/api/v1/endpoints/{model}/logging", new InferenceLoggingDto(1, 1), ModelplaneJsonContext.Default.InferenceLoggingDto, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, logging.StatusCode);
        }

        await StartAsync(model, Start(model, [50, 100], bakeSeconds: 3));
        using var client = app.CreateClient();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        RolloutDto status;
        do
        {
            var labels = new List<LabelDto>();
            for (var i = 0; i < 20; i++, sent++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/models/{model}/infer")
                {
                    Content = new StringContent(TestModels.Request([1, 1, 1]), Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-Request-Id", $"q-{sent}");
                using var response = await client.SendAsync(request, Ct);
                var canary = response.Headers.GetValues("X-Modelplane-Version").Single() == $"{model}@2";
                labels.Add(new LabelDto($"q-{sent}", JsonSerializer.SerializeToElement(canary ? 9.5 : 6.5)));
            }

            using (var posted = await client.PostAsJsonAsync($"/api/v1/endpoints/{model}/labels", new PostLabelsRequest(labels), ModelplaneJsonContext.Default.PostLabelsRequest, Ct))
            {
                Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            }

            status = await StatusAsync(model);
        }
        while (status.State == "running" && clock.Elapsed < TimeSpan.FromSeconds(60));

        Assert.Equal(("rolled_back", 0), (status.State, status.StepIndex));
        var last = status.Events[^1];
        Assert.Contains("mean absolute error 3 vs baseline 0 on labeled requests", last.Reason, StringComparison.Ordinal);
        Assert.Equal(("mae", 0.0, 3.0), (last.Figures!.QualityMetric, last.Figures.BaselineQuality, last.Figures.CanaryQuality));
        Assert.DoesNotContain("PSI", last.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GoodCanary_IsPromotedThroughEveryStep_AndTheChampionAliasMoves()
    {
        var model = await EndpointAsync(canaryBias: 0.5f);

        var rollout = await RunRolloutAsync(model, Start(model, [20, 50, 100]));

        Assert.Equal("promoted", rollout.State);
        Assert.Equal(["started", "step", "promoted"], rollout.Events.Select(e => e.Kind));
        Assert.All(rollout.Events.Skip(1), e => Assert.Equal("controller", e.Actor));
        Assert.All(rollout.Events.Skip(1), e => Assert.True(e.Figures!.CanaryRequests >= 20, $"{e.Kind} judged {e.Figures.CanaryRequests} canary requests"));
        await AssertServesOnlyAsync(model, 2);
        var champion = await app.CreateClient().GetFromJsonAsync($"/api/v1/models/{model}/versions/champion", ModelplaneJsonContext.Default.ModelVersionDto, Ct);
        Assert.Equal(2, champion!.Version);
    }

    [Fact]
    public async Task TooFewRequests_SaysInsufficientData_AndKeepsBaking()
    {
        var model = await EndpointAsync(canaryBias: 0.5f);
        var started = await StartAsync(model, Start(model, [50, 100], bakeSeconds: 0.5) with { MinRequests = 1000 });

        var clock = Stopwatch.StartNew();
        RolloutDto status;
        do
        {
            await PredictAsync(model);
            status = await StatusAsync(model);
        }
        while (status.Events.All(e => e.Kind != "insufficient_data") && clock.Elapsed < TimeSpan.FromSeconds(20));

        Assert.Equal(("running", 0, started.Id), (status.State, status.StepIndex, status.Id));
        Assert.Contains("at least 1000 each are needed", status.Events.Single(e => e.Kind == "insufficient_data").Reason, StringComparison.Ordinal);
        await ActAsync(model, "abort");
    }

    [Fact]
    public async Task PeopleCanPauseResumePromoteAndRollBack()
    {
        var model = await EndpointAsync(canaryBias: 1.5f);
        await StartAsync(model, Start(model, [25, 100], bakeSeconds: 3600));

        Assert.Equal("paused", (await ActAsync(model, "pause")).State);
        Assert.Equal("running", (await ActAsync(model, "resume")).State);
        var promoted = await ActAsync(model, "promote");
        Assert.Equal("promoted", promoted.State);
        await AssertServesOnlyAsync(model, 2);

        using var rollback = await app.CreateClient().PostAsync($"/api/v1/endpoints/{model}/rollback", null, Ct);
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        await AssertServesOnlyAsync(model, 1);
        var history = await StatusAsync(model);
        Assert.Equal(["started", "paused", "resumed", "promoted", "rolled_back"], history.Events.Select(e => e.Kind));
        Assert.All(history.Events, e => Assert.NotEqual("controller", e.Actor));
    }

    [Fact]
    public async Task TwentyPromoteAndRollbackCycles_UnderLoad_NoRequestFails_AndEveryAnswerNamesAValidVersion()
    {
        var model = await EndpointAsync(canaryBias: 1.5f);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var answers = new ConcurrentBag<(HttpStatusCode Status, string? Version, float Output)>();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var client = app.CreateClient();
            // Bounded in count and time: at most 20,000 requests per loop, stopped after the cycles.
            for (var i = 0; i < 20_000 && !stop.IsCancellationRequested; i++)
            {
                answers.Add(await SendAsync(client, model, CancellationToken.None));
            }
        })).ToArray();

        for (var cycle = 0; cycle < 20; cycle++)
        {
            await StartAsync(model, Start(model, [10, 100], bakeSeconds: 3600));
            await ActAsync(model, "promote");
            Assert.Equal(($"{model}@2", 7.5f), await PredictAsync(model)); // in effect for the next request
            using var rollback = await app.CreateClient().PostAsync($"/api/v1/endpoints/{model}/rollback", null, Ct);
            Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
            Assert.Equal(($"{model}@1", 6.5f), await PredictAsync(model));
        }

        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.True(answers.Count > 100, $"only {answers.Count} requests were sent under the cycles");
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        // The header names a version of the endpoint, and the answer is that version's: 6.5 from 1, 7.5 from 2.
        Assert.All(answers, a => Assert.Contains((a.Version, a.Output), new (string?, float)[] { ($"{model}@1", 6.5f), ($"{model}@2", 7.5f) }));
    }

    [Theory]
    [InlineData("no-such-endpoint", """{"model":"M","version":2,"steps":[50,100],"bakeSeconds":1}""", 404, "Endpoint 'no-such-endpoint' not found.")]
    [InlineData("E", """{"model":"M","version":9,"steps":[50,100],"bakeSeconds":1}""", 404, "has no version 9")]
    [InlineData("E", """{"model":"M","version":1,"steps":[50,100],"bakeSeconds":1}""", 409, "already serves M@1 as its stable version")]
    [InlineData("E", """{"model":"M","version":2,"steps":[50,100],"bakeSeconds":0}""", 400, "bake must be positive")]
    [InlineData("E", """{"model":"M","version":2,"steps":[50,100],"bakeSeconds":-5}""", 400, "bake must be positive")]
    [InlineData("E", """{"model":"M","version":2,"steps":[50,25,100],"bakeSeconds":1}""", 400, "steps must increase: 50 then 25")]
    [InlineData("E", """{"model":"M","version":2,"steps":[50,90],"bakeSeconds":1}""", 400, "100")]
    [InlineData("E", """{"model":"M","version":2,"steps":"fast","bakeSeconds":1}""", 400, "")]
    public async Task BadRollout_IsRefusedNamingTheProblem(string endpoint, string body, int status, string message)
    {
        var model = await EndpointAsync(canaryBias: 0.5f);
        var path = endpoint == "E" ? model : endpoint;

        using var response = await app.CreateClient().PostAsync(
            $"/api/v1/endpoints/{path}/rollout", new StringContent(body.Replace("\"M\"", $"\"{model}\"", StringComparison.Ordinal), Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(message.Replace("M@", $"{model}@", StringComparison.Ordinal), await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await AssertServesOnlyAsync(model, 1);
    }

    [Fact]
    public async Task SecondRolloutOnTheSameEndpoint_IsAConflict_AndHandSetTrafficWaits()
    {
        var model = await EndpointAsync(canaryBias: 0.5f);
        var first = await StartAsync(model, Start(model, [10, 100], bakeSeconds: 3600));

        using var second = await app.CreateClient().PostAsJsonAsync($"/api/v1/endpoints/{model}/rollout", Start(model, [50, 100]), ModelplaneJsonContext.Default.StartRolloutRequest, Ct);
        using var split = await app.CreateClient().PutAsJsonAsync(
            $"/api/v1/endpoints/{model}/traffic", new SetTrafficRequest([new(model, 1, 50), new(model, 2, 50)]), ModelplaneJsonContext.Default.SetTrafficRequest, Ct);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains($"already has rollout {first.Id}", await second.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, split.StatusCode);
        Assert.Contains($"is in rollout {first.Id}", await split.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("aborted", (await ActAsync(model, "abort")).State);
    }

    [Fact]
    public async Task ActionsWithoutAnActiveRollout_AreConflictsSayingWhatToDo()
    {
        var model = await EndpointAsync(canaryBias: 0.5f);

        using var pause = await app.CreateClient().PostAsync($"/api/v1/endpoints/{model}/rollout/pause", null, Ct);
        using var rollback = await app.CreateClient().PostAsync($"/api/v1/endpoints/{model}/rollback", null, Ct);
        using var unknown = await app.CreateClient().PostAsync($"/api/v1/endpoints/{model}/rollout/faster", null, Ct);

        Assert.Equal(HttpStatusCode.Conflict, pause.StatusCode);
        Assert.Contains("has no active rollout", await pause.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, rollback.StatusCode);
        Assert.Contains("modelplane endpoints set", await rollback.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>A model with version 1 (bias 0.5) and a canary version 2, and an endpoint of the same name on version 1.</summary>
    private async Task<string> EndpointAsync(float canaryBias)
    {
        var model = TestModels.UniqueName("roll");
        await app.PushAsync(model, TestModels.Linear3(0.5f));
        await app.PushAsync(model, TestModels.Linear3(canaryBias));
        await app.CreateEndpointAsync(model, model, 1);
        return model;
    }

    private static StartRolloutRequest Start(string model, int[] steps, double bakeSeconds = 1) =>
        new(model, 2, steps, bakeSeconds) { MinRequests = 20 };

    private async Task<RolloutDto> StartAsync(string endpoint, StartRolloutRequest request)
    {
        using var response = await app.CreateClient().PostAsJsonAsync($"/api/v1/endpoints/{endpoint}/rollout", request, ModelplaneJsonContext.Default.StartRolloutRequest, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.RolloutDto, Ct))!;
    }

    private async Task<RolloutDto> ActAsync(string endpoint, string action)
    {
        using var response = await app.CreateClient().PostAsync($"/api/v1/endpoints/{endpoint}/rollout/{action}", null, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.RolloutDto, Ct))!;
    }

    private async Task<RolloutDto> StatusAsync(string endpoint) =>
        (await app.CreateClient().GetFromJsonAsync($"/api/v1/endpoints/{endpoint}/rollout", ModelplaneJsonContext.Default.RolloutDto, Ct))!;

    // Sends requests until the controller ends the rollout (bounded: 60 s).
    private async Task<RolloutDto> RunRolloutAsync(string endpoint, StartRolloutRequest request)
    {
        await StartAsync(endpoint, request);
        using var client = app.CreateClient();
        var clock = Stopwatch.StartNew();
        var status = await StatusAsync(endpoint);
        while (status.State is "running" or "paused" && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            for (var i = 0; i < 20; i++)
            {
                await SendAsync(client, endpoint, Ct);
            }

            status = await StatusAsync(endpoint);
        }

        Assert.True(status.State is not ("running" or "paused"), $"the rollout did not end in 60 s: {JsonSerializer.Serialize(status, ModelplaneJsonContext.Default.RolloutDto)}");
        return status;
    }

    private async Task AssertServesOnlyAsync(string endpoint, int version)
    {
        var shown = await app.CreateClient().GetFromJsonAsync($"/api/v1/endpoints/{endpoint}", ModelplaneJsonContext.Default.EndpointDto, Ct);
        Assert.Equal((version, 0), (shown!.Version, shown.Traffic.Count));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal($"{endpoint}@{version}", (await PredictAsync(endpoint)).Version);
        }
    }

    private async Task<(string? Version, float Output)> PredictAsync(string endpoint)
    {
        using var client = app.CreateClient();
        var (status, version, output) = await SendAsync(client, endpoint, Ct);
        Assert.Equal(HttpStatusCode.OK, status);
        return (version, output);
    }

    private static async Task<(HttpStatusCode Status, string? Version, float Output)> SendAsync(HttpClient client, string endpoint, CancellationToken ct)
    {
        using var response = await client.PostAsync($"/v2/models/{endpoint}/infer", new StringContent(TestModels.Request([1, 1, 1]), Encoding.UTF8, "application/json"), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var version = response.Headers.TryGetValues("X-Modelplane-Version", out var values) ? values.Single() : null;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, version, float.NaN);
        }

        using var json = JsonDocument.Parse(body);
        return (response.StatusCode, version, json.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle());
    }
}
