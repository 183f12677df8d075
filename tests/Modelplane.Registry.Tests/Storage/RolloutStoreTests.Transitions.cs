using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;
using Modelplane.Registry.Rollouts;
using Modelplane.Registry.Storage;

namespace Modelplane.Registry.Tests.Storage;

// Transitions: the compare-and-set, the traffic they move, and what survives a restart.
public sealed partial class RolloutStoreTests
{
    [Fact]
    public async Task TransitionAsync_NextStep_SplitsTrafficAndRestartsBake()
    {
        await SeedAsync();
        var started = await StartAsync(5, 25, 50, 100);
        Fixture.Time.Advance(TimeSpan.FromMinutes(5));
        var now = Fixture.Time.GetUtcNow();

        var moved = await Rollouts.TransitionAsync(Step(started, 1, 25), Ct);

        Assert.Equal(started with { StepIndex = 1, StepStartedAt = now, UpdatedAt = now }, moved);
        Assert.Equal([new TrafficWeight("churn", 1, 75), new TrafficWeight("churn", 2, 25)], (await Store.Endpoints.GetAsync(Endpoint, Ct))!.Traffic);
        var step = (await Rollouts.EventsAsync(started.Id, Ct))[^1];
        Assert.Equal(
            (RolloutEventKinds.Step, RolloutEventKinds.Controller, now, "running at step 1 of 4 (5%)", "running at step 2 of 4 (25%)", "step baked healthy"),
            (step.Kind, step.Actor, step.At, step.From, step.To, step.Reason));
    }

    [Fact]
    public async Task TransitionAsync_StaleExpectation_ReturnsNullAndChangesNothing()
    {
        await SeedAsync();
        var started = await StartAsync(5, 25, 50, 100);
        var moved = await Rollouts.TransitionAsync(Step(started, 1, 25), Ct);
        Fixture.Time.Advance(TimeSpan.FromMinutes(1));

        // A person who read the rollout at step 0 tries to roll it back after the controller moved it.
        var stale = await Rollouts.TransitionAsync(
            new RolloutTransition(started.Id, RolloutState.Running, 0, RolloutState.RolledBack, 0, RolloutTraffic.BaselineOnly, "bo", RolloutEventKinds.RolledBack, "looks off"),
            Ct);

        Assert.Null(stale);
        Assert.Equal(moved, await Rollouts.GetActiveAsync(Endpoint, Ct));
        var endpoint = await Store.Endpoints.GetAsync(Endpoint, Ct);
        Assert.Equal([new TrafficWeight("churn", 1, 75), new TrafficWeight("churn", 2, 25)], endpoint!.Traffic);
        Assert.Equal(2, (await Rollouts.EventsAsync(started.Id, Ct)).Count);
    }

    [Fact]
    public async Task TransitionAsync_UnknownRollout_ReturnsNull()
    {
        await SeedAsync();

        Assert.Null(await Rollouts.TransitionAsync(
            new RolloutTransition(42, RolloutState.Running, 0, RolloutState.Paused, 0, null, "bo", RolloutEventKinds.Paused, "hold"), Ct));
    }

    [Fact]
    public async Task TransitionAsync_Promote_TargetsCanaryClearsSplitMovesChampionAndRecordsIt()
    {
        await SeedAsync();
        await Store.Aliases.SetAsync("churn", "champion", 1, Ct);
        await Store.Endpoints.SetTrafficAsync(Endpoint, [new TrafficWeight("churn", 1, 50), new TrafficWeight("churn", 2, 50)], "X-User", Ct);
        var started = await StartAsync(50, 100);
        var last = await Rollouts.TransitionAsync(Step(started, 1, 100), Ct);
        Fixture.Time.Advance(TimeSpan.FromMinutes(5));
        var now = Fixture.Time.GetUtcNow();

        var promoted = await Rollouts.TransitionAsync(
            new RolloutTransition(
                started.Id, RolloutState.Running, 1, RolloutState.Promoted, 1, RolloutTraffic.CanaryOnly, RolloutEventKinds.Controller,
                RolloutEventKinds.Promoted, "every step baked healthy")
            { FiguresJson = """{"error_rate_delta":0.001}""" },
            Ct);

        Assert.Equal(last! with { State = RolloutState.Promoted, StepStartedAt = now, UpdatedAt = now, Reason = "every step baked healthy" }, promoted);
        var endpoint = await Store.Endpoints.GetAsync(Endpoint, Ct);
        Assert.Equal(("churn", 2, null), (endpoint!.Model, endpoint.Version, endpoint.StickyHeader));
        Assert.Empty(endpoint.Traffic);
        Assert.Equal(new ModelAlias("churn", "champion", 2, now), Assert.Single(await Store.Aliases.ListAsync("churn", Ct)));
        var record = (await Rollouts.EventsAsync(started.Id, Ct))[^1];
        Assert.Equal(
            (RolloutEventKinds.Promoted, "running at step 2 of 2 (100%)", "promoted at step 2 of 2 (100%)", """{"error_rate_delta":0.001}"""),
            (record.Kind, record.From, record.To, record.FiguresJson));
        Assert.Null(await Rollouts.GetActiveAsync(Endpoint, Ct));
        Assert.Equal(promoted, await Rollouts.GetLatestAsync(Endpoint, Ct));
    }

    [Fact]
    public async Task TransitionAsync_RollBack_TargetsBaselineAndClearsSplit()
    {
        await SeedAsync();
        var started = await StartAsync(5, 25, 50, 100);
        await Rollouts.TransitionAsync(Step(started, 1, 25), Ct);

        var rolledBack = await Rollouts.TransitionAsync(
            new RolloutTransition(
                started.Id, RolloutState.Running, 1, RolloutState.RolledBack, 1, RolloutTraffic.BaselineOnly, RolloutEventKinds.Controller,
                RolloutEventKinds.RolledBack, "error rate 4.1% over baseline"),
            Ct);

        Assert.Equal((RolloutState.RolledBack, 1, "error rate 4.1% over baseline"), (rolledBack!.State, rolledBack.StepIndex, rolledBack.Reason));
        var endpoint = await Store.Endpoints.GetAsync(Endpoint, Ct);
        Assert.Equal(("churn", 1), (endpoint!.Model, endpoint.Version));
        Assert.Empty(endpoint.Traffic);
        Assert.Empty(await Store.Aliases.ListAsync("churn", Ct));
        Assert.Equal("rolled_back at step 2 of 4 (25%)", (await Rollouts.EventsAsync(started.Id, Ct))[^1].To);
    }

    [Fact]
    public async Task TransitionAsync_Pause_KeepsTrafficAndStillOwnsEndpoint()
    {
        await SeedAsync();
        var started = await StartAsync(5, 25, 50, 100);

        var paused = await Rollouts.TransitionAsync(
            new RolloutTransition(started.Id, RolloutState.Running, 0, RolloutState.Paused, 0, null, "bo", RolloutEventKinds.Paused, "waiting for the data team"), Ct);

        Assert.Equal((RolloutState.Paused, "waiting for the data team"), (paused!.State, paused.Reason));
        Assert.Equal([new TrafficWeight("churn", 1, 95), new TrafficWeight("churn", 2, 5)], (await Store.Endpoints.GetAsync(Endpoint, Ct))!.Traffic);
        await Assert.ThrowsAsync<ResourceConflictException>(() => StartAsync(10, 100));
    }

    [Fact]
    public async Task TransitionAsync_PromoteWithoutCanaryOnly_ThrowsValidationAndChangesNothing()
    {
        await SeedAsync();
        var started = await StartAsync(5, 100);

        var error = await Assert.ThrowsAsync<RegistryValidationException>(() => Rollouts.TransitionAsync(
            new RolloutTransition(started.Id, RolloutState.Running, 0, RolloutState.Promoted, 0, RolloutTraffic.Split(5), "bo", RolloutEventKinds.Promoted, "ship it"),
            Ct));

        Assert.Equal("a promotion sends every request to the canary; its traffic must be CanaryOnly", error.Message);
        Assert.Equal(started, await Rollouts.GetActiveAsync(Endpoint, Ct));
    }

    [Fact]
    public async Task TransitionAsync_StepBeyondPlan_ThrowsValidation()
    {
        await SeedAsync();
        var started = await StartAsync(5, 100);

        var error = await Assert.ThrowsAsync<RegistryValidationException>(() => Rollouts.TransitionAsync(
            new RolloutTransition(started.Id, RolloutState.Running, 0, RolloutState.Running, 2, RolloutTraffic.CanaryOnly, "bo", RolloutEventKinds.Step, "skip"), Ct));

        Assert.Equal("step index must be from 0 to 1; got 2", error.Message);
    }

    [Fact]
    public async Task GetActiveAsync_AfterReopeningDatabase_ReturnsSameStateAndStep()
    {
        await SeedAsync();
        var started = await StartAsync(5, 25, 50, 100);
        await Rollouts.TransitionAsync(Step(started, 1, 25), Ct);
        var paused = await Rollouts.TransitionAsync(
            new RolloutTransition(started.Id, RolloutState.Running, 1, RolloutState.Paused, 1, null, "bo", RolloutEventKinds.Paused, "hold"), Ct);

        var reopened = await Fixture.ReopenAsync(Ct);

        Assert.Equal(paused, await reopened.Rollouts.GetActiveAsync(Endpoint, Ct));
        Assert.Equal([paused!], await reopened.Rollouts.ListActiveAsync(Ct));
        Assert.Equal(await Rollouts.EventsAsync(started.Id, Ct), await reopened.Rollouts.EventsAsync(started.Id, Ct));
        var resumed = await reopened.Rollouts.TransitionAsync(
            new RolloutTransition(started.Id, RolloutState.Paused, 1, RolloutState.Running, 1, null, "bo", RolloutEventKinds.Resumed, "data team agreed"), Ct);
        Assert.Equal((RolloutState.Running, 1, null), (resumed!.State, resumed.StepIndex, resumed.Reason));
    }

    private static RolloutTransition Step(Rollout rollout, int stepIndex, int percent) => new(
        rollout.Id, RolloutState.Running, stepIndex - 1, RolloutState.Running, stepIndex, RolloutTraffic.Split(percent),
        RolloutEventKinds.Controller, RolloutEventKinds.Step, "step baked healthy");
}
