using Dapper;
using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Lifecycle;
using Modelplane.Registry.Rollouts;
using Modelplane.Registry.Storage;
using Modelplane.Registry.Storage.Sqlite;

namespace Modelplane.Registry.Tests.Storage;

// History, and how rollouts meet endpoint deletion and the version lifecycle.
public sealed partial class RolloutStoreTests
{
    [Fact]
    public async Task EventsAsync_ChangesAndJudgements_OrderedBySequence()
    {
        await SeedAsync();
        var started = await StartAsync(5, 100);
        var at = Fixture.Time.GetUtcNow();
        var judged = await Rollouts.AppendEventAsync(
            new RolloutEvent(0, started.Id, at, RolloutEventKinds.Controller, RolloutEventKinds.InsufficientData, null, null, "12 of 100 requests", """{"requests":12}"""), Ct);
        Fixture.Time.Advance(TimeSpan.FromMinutes(5));
        await Rollouts.AppendEventAsync(
            new RolloutEvent(0, started.Id, Fixture.Time.GetUtcNow(), RolloutEventKinds.Controller, RolloutEventKinds.Judged, null, null, "healthy", """{"psi":0.01}"""), Ct);
        await Rollouts.TransitionAsync(Step(started, 1, 100), Ct);
        await Rollouts.TransitionAsync(
            new RolloutTransition(started.Id, RolloutState.Running, 1, RolloutState.Promoted, 1, RolloutTraffic.CanaryOnly, "ana", RolloutEventKinds.Promoted, "done"), Ct);

        var events = await Rollouts.EventsAsync(started.Id, Ct);

        Assert.Equal(
            [RolloutEventKinds.Started, RolloutEventKinds.InsufficientData, RolloutEventKinds.Judged, RolloutEventKinds.Step, RolloutEventKinds.Promoted],
            events.Select(e => e.Kind));
        Assert.Equal(events.Select(e => e.Sequence).Order(), events.Select(e => e.Sequence));
        Assert.Equal(judged, events[1]);
        Assert.Equal(new RolloutEvent(judged.Sequence, started.Id, at, "controller", "insufficient_data", null, null, "12 of 100 requests", """{"requests":12}"""), judged);
    }

    [Fact]
    public async Task AppendEventAsync_UnknownRollout_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => Rollouts.AppendEventAsync(
            new RolloutEvent(0, 42, Fixture.Time.GetUtcNow(), "controller", RolloutEventKinds.Judged, null, null, "healthy", null), Ct));

        Assert.Equal("Rollout 42 not found.", error.Message);
    }

    [Fact]
    public async Task AppendEventAsync_FiguresNotJson_ThrowsValidation()
    {
        await SeedAsync();
        var started = await StartAsync(5, 100);

        await Assert.ThrowsAsync<RegistryValidationException>(() => Rollouts.AppendEventAsync(
            new RolloutEvent(0, started.Id, Fixture.Time.GetUtcNow(), "controller", RolloutEventKinds.Judged, null, null, "healthy", "psi=0.01"), Ct));
        Assert.Single(await Rollouts.EventsAsync(started.Id, Ct));
    }

    // No store deletes endpoints yet; the schema must already let one go with its rollouts and their history.
    [Fact]
    public async Task DeletingEndpoint_WithRollouts_RemovesRolloutsAndEvents()
    {
        await SeedAsync();
        var first = await StartAsync(5, 100);
        await Rollouts.TransitionAsync(
            new RolloutTransition(first.Id, RolloutState.Running, 0, RolloutState.Aborted, 0, RolloutTraffic.BaselineOnly, "ana", RolloutEventKinds.Aborted, "wrong canary"), Ct);
        var second = await StartAsync(50, 100);

        await using (var connection = await new SqliteConnectionFactory(Fixture.DataDirectory).OpenAsync(Ct))
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM endpoints WHERE name = @Endpoint", new { Endpoint }, cancellationToken: Ct));
        }

        Assert.Null(await Rollouts.GetLatestAsync(Endpoint, Ct));
        Assert.Empty(await Rollouts.EventsAsync(first.Id, Ct));
        Assert.Empty(await Rollouts.EventsAsync(second.Id, Ct));
    }

    // The store checks first; the partial unique index is what holds if two writers ever both pass the check.
    [Fact]
    public async Task Schema_SecondActiveRolloutOnEndpoint_RefusedByUniqueIndex()
    {
        await SeedAsync();
        var started = await StartAsync(5, 100);
        await using var connection = await new SqliteConnectionFactory(Fixture.DataDirectory).OpenAsync(Ct);
        const string CopyAs = """
            INSERT INTO rollouts (endpoint, baseline_model, baseline_version, canary_model, canary_version, steps, bake_ms, max_error_rate_delta,
                max_p95_latency_ratio, max_prediction_psi, min_requests, state, step_index, step_started_at, created_at, updated_at, created_by)
            SELECT endpoint, baseline_model, baseline_version, canary_model, canary_version, steps, bake_ms, max_error_rate_delta,
                max_p95_latency_ratio, max_prediction_psi, min_requests, @state, step_index, step_started_at, created_at, updated_at, created_by
            FROM rollouts WHERE id = @id
            """;

        var error = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(
            () => connection.ExecuteAsync(new CommandDefinition(CopyAs, new { id = started.Id, state = "paused" }, cancellationToken: Ct)));
        await connection.ExecuteAsync(new CommandDefinition(CopyAs, new { id = started.Id, state = "aborted" }, cancellationToken: Ct));

        Assert.Equal(2067, error.SqliteExtendedErrorCode);
    }

    [Fact]
    public async Task DeleteVersionAsync_BaselineOfActiveRollout_ThrowsConflictNamingRollout()
    {
        await SeedAsync();

        // At 100% the endpoint no longer serves the baseline, but a rollback would return to it.
        await StartAsync(100);

        var error = await Assert.ThrowsAsync<ResourceConflictException>(() => Store.Lifecycle.DeleteVersionAsync("churn", 1, new DeleteOptions("bo"), Ct));

        Assert.Equal(
            $"Model 'churn' version 1 is in use: the rollout of endpoint '{Endpoint}' uses version 1. " +
            "Point endpoints at another version (or delete them) and end rollouts first.",
            error.Message);
        Assert.NotNull(await Store.Models.GetVersionAsync("churn", 1, Ct));
    }

    [Fact]
    public async Task DeleteVersionAsync_BaselineOfEndedRollout_Deletes()
    {
        await SeedAsync();
        var started = await StartAsync(100);
        await Rollouts.TransitionAsync(
            new RolloutTransition(started.Id, RolloutState.Running, 0, RolloutState.Promoted, 0, RolloutTraffic.CanaryOnly, "ana", RolloutEventKinds.Promoted, "done"), Ct);

        await Store.Lifecycle.DeleteVersionAsync("churn", 1, new DeleteOptions("bo"), Ct);

        Assert.Null(await Store.Models.GetVersionAsync("churn", 1, Ct));
    }

    [Fact]
    public async Task PurgeAsync_VersionOfEndedRollout_RemovesThatRollout()
    {
        await SeedAsync();
        var started = await StartAsync(100);
        await Rollouts.TransitionAsync(
            new RolloutTransition(started.Id, RolloutState.Running, 0, RolloutState.Promoted, 0, RolloutTraffic.CanaryOnly, "ana", RolloutEventKinds.Promoted, "done"), Ct);
        await Store.Lifecycle.DeleteVersionAsync("churn", 1, new DeleteOptions("bo"), Ct);

        await Store.Lifecycle.PurgeAsync("churn", 1, Ct);

        Assert.Null(await Rollouts.GetLatestAsync(Endpoint, Ct));
        Assert.Empty(await Rollouts.EventsAsync(started.Id, Ct));
    }

    [Fact]
    public async Task RenameAsync_ModelOfEndedRollout_RenamesItInRollout()
    {
        await SeedAsync();
        var started = await StartAsync(100);
        await Rollouts.TransitionAsync(
            new RolloutTransition(started.Id, RolloutState.Running, 0, RolloutState.RolledBack, 0, RolloutTraffic.BaselineOnly, "ana", RolloutEventKinds.RolledBack, "no"), Ct);
        await Store.Models.CreateVersionAsync(StoreTestData.NewVersion("other"), Ct);
        await Store.Endpoints.SetTargetAsync(Endpoint, "other", 1, Ct);

        await Store.RegisteredModels.RenameAsync("churn", "attrition", Ct);

        var latest = await Rollouts.GetLatestAsync(Endpoint, Ct);
        Assert.Equal(("attrition", "attrition"), (latest!.BaselineModel, latest.CanaryModel));
    }

    [Fact]
    public async Task RenameAsync_BaselineModelOfActiveRollout_ThrowsInUse()
    {
        await SeedAsync();
        await Store.Models.CreateVersionAsync(StoreTestData.NewVersion("attrition"), Ct);
        await Rollouts.StartAsync(new NewRollout(Endpoint, "churn", 1, "attrition", 1, Plan(100), "ana"), Ct);

        var error = await Assert.ThrowsAsync<ResourceInUseException>(() => Store.RegisteredModels.RenameAsync("churn", "legacy", Ct));

        Assert.Equal($"Model 'churn' cannot be renamed while the rollout(s) of endpoint(s) {Endpoint} use it; end them first.", error.Message);
    }
}
