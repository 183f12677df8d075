using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;
using Modelplane.Registry.Rollouts;
using Modelplane.Registry.Storage;
using static Modelplane.Registry.Tests.Storage.StoreTestData;

namespace Modelplane.Registry.Tests.Storage;

/// <summary>Starting rollouts and reading them back; transitions, history and the rollouts' effect on other stores are in the partial files.</summary>
public sealed partial class RolloutStoreTests : MetadataStoreTestBase<SqliteStoreFixture>
{
    private const string Endpoint = "churn-prod";

    private IRolloutStore Rollouts => Store.Rollouts;

    [Fact]
    public async Task StartAsync_FirstStep5_SplitsTraffic95To5AndRecordsStart()
    {
        await SeedAsync();
        var now = Fixture.Time.GetUtcNow();

        var rollout = await StartAsync(5, 25, 50, 100);

        Assert.Equal(new Rollout(rollout.Id, Endpoint, "churn", 1, "churn", 2, Plan(5, 25, 50, 100), RolloutState.Running, 0, now, now, now, "ana", null), rollout);
        var endpoint = await Store.Endpoints.GetAsync(Endpoint, Ct);
        Assert.Equal(("churn", 1), (endpoint!.Model, endpoint.Version));
        Assert.Equal([new TrafficWeight("churn", 1, 95), new TrafficWeight("churn", 2, 5)], endpoint.Traffic);
        var started = Assert.Single(await Rollouts.EventsAsync(rollout.Id, Ct));
        Assert.Equal((RolloutEventKinds.Started, "ana", now, null, "running at step 1 of 4 (5%)"), (started.Kind, started.Actor, started.At, started.From, started.To));
        Assert.Equal("churn@1 to churn@2 in steps 5,25,50,100, each baked 5m", started.Reason);
    }

    [Fact]
    public async Task StartAsync_FirstStep100_TargetsCanaryWithoutSplit()
    {
        await SeedAsync();

        await StartAsync(100);

        var endpoint = await Store.Endpoints.GetAsync(Endpoint, Ct);
        Assert.Equal(("churn", 2), (endpoint!.Model, endpoint.Version));
        Assert.Empty(endpoint.Traffic);
    }

    [Fact]
    public async Task StartAsync_EndpointHasActiveRollout_ThrowsConflictNamingIt()
    {
        await SeedAsync();
        await Store.Models.CreateVersionAsync(NewVersion("churn", "c"), Ct);
        var first = await StartAsync(5, 25, 50, 100);

        var error = await Assert.ThrowsAsync<ResourceConflictException>(
            () => Rollouts.StartAsync(new NewRollout(Endpoint, "churn", 1, "churn", 3, Plan(10, 100), "bo"), Ct));

        Assert.Equal(
            $"Endpoint '{Endpoint}' already has rollout {first.Id} running at step 1 of 4 (5%); promote, roll back or abort it first.", error.Message);
        Assert.Equal(first, await Rollouts.GetActiveAsync(Endpoint, Ct));
    }

    [Theory]
    [InlineData("", 300, 0.01, 1.5, 0.2, 100, "steps must not be empty; give the canary's percent of traffic at each step, e.g. 5,25,50,100")]
    [InlineData("0,100", 300, 0.01, 1.5, 0.2, 100, "each step must be a percent from 1 to 100; got 0")]
    [InlineData("5,101", 300, 0.01, 1.5, 0.2, 100, "each step must be a percent from 1 to 100; got 101")]
    [InlineData("5,50,25,100", 300, 0.01, 1.5, 0.2, 100, "steps must increase: 50 then 25")]
    [InlineData("5,5,100", 300, 0.01, 1.5, 0.2, 100, "steps must increase: 5 then 5")]
    [InlineData("5,50", 300, 0.01, 1.5, 0.2, 100, "the last step must be 100, so the canary takes every request before promotion; got 50")]
    [InlineData("5,100", -5, 0.01, 1.5, 0.2, 100, "bake must be positive; got -5s")]
    [InlineData("5,100", 0, 0.01, 1.5, 0.2, 100, "bake must be positive; got 0s")]
    [InlineData("5,100", 8 * 86400, 0.01, 1.5, 0.2, 100, "bake must be at most 7d; got 8d")]
    [InlineData("5,100", 300, -0.1, 1.5, 0.2, 100, "max_error_rate_delta must be a fraction from 0 to 1; got -0.1")]
    [InlineData("5,100", 300, 1.5, 1.5, 0.2, 100, "max_error_rate_delta must be a fraction from 0 to 1; got 1.5")]
    [InlineData("5,100", 300, double.NaN, 1.5, 0.2, 100, "max_error_rate_delta must be a fraction from 0 to 1; got NaN")]
    [InlineData("5,100", 300, 0.01, 0.9, 0.2, 100, "max_p95_latency_ratio must be at least 1 (the canary's p95 over the baseline's); got 0.9")]
    [InlineData("5,100", 300, 0.01, 1.5, 0, 100, "max_prediction_psi must be positive; got 0")]
    [InlineData("5,100", 300, 0.01, 1.5, 0.2, 0, "min_requests must be from 1 to 1,000,000; got 0")]
    [InlineData("5,100", 300, 0.01, 1.5, 0.2, 1_000_001, "min_requests must be from 1 to 1,000,000; got 1000001")]
    public async Task StartAsync_InvalidPlan_ThrowsValidationNamingProblemAndWritesNothing(
        string steps, int bakeSeconds, double errorDelta, double latencyRatio, double psi, int minRequests, string expected)
    {
        await SeedAsync();
        var plan = new RolloutPlan(
            [.. steps.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)], TimeSpan.FromSeconds(bakeSeconds), errorDelta, latencyRatio, psi, minRequests);

        var error = await Assert.ThrowsAsync<RegistryValidationException>(
            () => Rollouts.StartAsync(new NewRollout(Endpoint, "churn", 1, "churn", 2, plan, "ana"), Ct));

        Assert.Equal(expected, error.Message);
        Assert.Equal(expected, RolloutRules.Problem(plan));
        Assert.Null(await Rollouts.GetLatestAsync(Endpoint, Ct));
        Assert.Empty((await Store.Endpoints.GetAsync(Endpoint, Ct))!.Traffic);
    }

    [Fact]
    public async Task StartAsync_CanaryIsBaseline_ThrowsValidation()
    {
        await SeedAsync();

        var error = await Assert.ThrowsAsync<RegistryValidationException>(
            () => Rollouts.StartAsync(new NewRollout(Endpoint, "churn", 1, "churn", 1, Plan(5, 100), "ana"), Ct));

        Assert.Equal("the canary churn@1 is the baseline; a rollout moves to another version", error.Message);
    }

    [Fact]
    public async Task StartAsync_UnknownEndpoint_ThrowsNotFound()
    {
        await SeedAsync();

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(
            () => Rollouts.StartAsync(new NewRollout("ghost", "churn", 1, "churn", 2, Plan(5, 100), "ana"), Ct));

        Assert.Equal("Endpoint 'ghost' not found.", error.Message);
    }

    [Fact]
    public async Task StartAsync_UnknownCanaryVersion_ThrowsNotFoundAndWritesNothing()
    {
        await SeedAsync();

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(
            () => Rollouts.StartAsync(new NewRollout(Endpoint, "churn", 1, "churn", 9, Plan(5, 100), "ana"), Ct));

        Assert.Equal("Model 'churn' has no version 9.", error.Message);
        Assert.Null(await Rollouts.GetLatestAsync(Endpoint, Ct));
    }

    [Fact]
    public async Task StartAsync_BaselineNotServedByEndpoint_ThrowsConflict()
    {
        await SeedAsync();
        await Store.Models.CreateVersionAsync(NewVersion("churn", "c"), Ct);

        var error = await Assert.ThrowsAsync<ResourceConflictException>(
            () => Rollouts.StartAsync(new NewRollout(Endpoint, "churn", 2, "churn", 3, Plan(5, 100), "ana"), Ct));

        Assert.Equal(
            $"Endpoint '{Endpoint}' serves churn@1, not the baseline churn@2; a rollout starts from the version the endpoint serves.", error.Message);
    }

    [Fact]
    public async Task GetLatestAsync_NoRollout_ReturnsNull()
    {
        await SeedAsync();

        Assert.Null(await Rollouts.GetLatestAsync(Endpoint, Ct));
        Assert.Null(await Rollouts.GetActiveAsync(Endpoint, Ct));
        Assert.Empty(await Rollouts.ListActiveAsync(Ct));
    }

    [Fact]
    public async Task ListActiveAsync_TwoEndpoints_OrderedByEndpoint()
    {
        await SeedAsync();
        await Store.Endpoints.CreateAsync("churn-eu", "churn", 1, Ct);
        var prod = await StartAsync(5, 100);
        var eu = await Rollouts.StartAsync(new NewRollout("churn-eu", "churn", 1, "churn", 2, Plan(50, 100), "bo"), Ct);

        Assert.Equal([eu, prod], await Rollouts.ListActiveAsync(Ct));
    }

    private static RolloutPlan Plan(params int[] steps) => new(steps, TimeSpan.FromMinutes(5), 0.01, 1.5, 0.2, 100);

    /// <summary>churn@1 and churn@2, and the endpoint serving churn@1.</summary>
    private async Task SeedAsync()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn", "a"), Ct);
        await Store.Models.CreateVersionAsync(NewVersion("churn", "b"), Ct);
        await Store.Endpoints.CreateAsync(Endpoint, "churn", 1, Ct);
    }

    private Task<Rollout> StartAsync(params int[] steps) =>
        Rollouts.StartAsync(new NewRollout(Endpoint, "churn", 1, "churn", 2, Plan(steps), "ana"), Ct);
}
