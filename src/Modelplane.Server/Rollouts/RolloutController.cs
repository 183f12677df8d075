using Microsoft.Extensions.Options;
using Modelplane.Governance.Audit;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Rollouts;
using Modelplane.Serving.Analysis;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Rollouts;

/// <summary>
/// Drives a workspace's rollouts: at the end of each bake it compares canary with baseline over the step's window and
/// moves on, promotes, or rolls back at once; people's actions (start, pause, resume, promote, abort, rollback) go
/// through it too, so every change takes the same path: the store moves state and traffic in one transaction, then
/// the serving table routes by it and the audit log records it.
/// </summary>
/// <remarks>
/// The state lives in the registry, so a restarted server picks every active rollout up where it stood; the windows
/// are in memory, so the interrupted step bakes again from the restart. Analysis sees this node's traffic only.
/// </remarks>
internal sealed partial class RolloutController(
    IRolloutStore rollouts,
    IEndpointStore endpoints,
    ServingTable table,
    VersionWindows windows,
    Modelplane.Registry.InferenceLog.IInferenceLogStore inferenceLog,
    IAuditLog audit,
    WorkspaceScope workspace,
    TimeProvider time,
    IOptions<RolloutOptions> options,
    ILogger<RolloutController> logger) : BackgroundService
{
    private readonly SemaphoreSlim _decide = new(1, 1);
    private readonly HashSet<long> _watched = [];
    private readonly HashSet<(long Rollout, int Step)> _reportedInsufficient = [];

    /// <summary>Starts a rollout: the canary is loaded first, then the store gives it the first step's share.</summary>
    public async Task<Rollout> StartAsync(NewRollout start, CancellationToken ct)
    {
        await _decide.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var rollout = await rollouts.StartAsync(start, ct).ConfigureAwait(false);
            _watched.Add(rollout.Id);
            await RouteAsync(rollout, ct).ConfigureAwait(false);
            await AuditAsync(start.Actor, RolloutEventKinds.Started, rollout, $"started: {Describe(rollout)}", ct).ConfigureAwait(false);
            return rollout;
        }
        finally
        {
            _decide.Release();
        }
    }

    /// <summary>A person's decision on the endpoint's active rollout.</summary>
    /// <exception cref="RolloutActionException">There is no active rollout, or the action does not apply to its state.</exception>
    public async Task<Rollout> ActAsync(string endpoint, RolloutAction action, string actor, CancellationToken ct)
    {
        await _decide.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var rollout = await rollouts.GetActiveAsync(endpoint, ct).ConfigureAwait(false)
                ?? throw new RolloutActionException($"Endpoint '{endpoint}' has no active rollout; `modelplane rollout status {endpoint}` shows the last one.");
            var transition = PersonTransition(rollout, action, actor);
            return await ApplyAsync(rollout, transition, ct).ConfigureAwait(false)
                ?? throw new RolloutActionException($"Rollout {rollout.Id} changed while this request was decided; look at its status and try again.");
        }
        finally
        {
            _decide.Release();
        }
    }

    /// <summary>
    /// Returns the endpoint to its last stable version at once: the active rollout's baseline, or, with none active,
    /// the baseline of the rollout that last promoted a version the endpoint still serves.
    /// </summary>
    /// <exception cref="RolloutActionException">There is nothing to roll back to.</exception>
    public async Task<Rollout> RollbackAsync(string endpoint, string actor, CancellationToken ct)
    {
        if (await rollouts.GetActiveAsync(endpoint, ct).ConfigureAwait(false) is not null)
        {
            return await ActAsync(endpoint, RolloutAction.Rollback, actor, ct).ConfigureAwait(false);
        }

        await _decide.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var last = await rollouts.GetLatestAsync(endpoint, ct).ConfigureAwait(false);
            var current = await endpoints.GetAsync(endpoint, ct).ConfigureAwait(false);
            if (last is not { State: RolloutState.Promoted } || current is null
                || (current.Model, current.Version) != (last.CanaryModel, last.CanaryVersion) || current.Traffic.Count > 0)
            {
                throw new RolloutActionException(
                    $"Endpoint '{endpoint}' has no rollout to roll back: no rollout is active and its last one did not promote the version it serves. "
                    + "Point it at a version with `modelplane endpoints set`.");
            }

            var moved = await endpoints.SetTargetAsync(endpoint, last.BaselineModel, last.BaselineVersion, ct).ConfigureAwait(false);
            await table.ActivateAsync(moved, ct).ConfigureAwait(false);
            var reason = $"{actor} rolled back to {last.BaselineModel}@{last.BaselineVersion}, the version before rollout {last.Id} promoted {last.CanaryModel}@{last.CanaryVersion}";
            await rollouts.AppendEventAsync(
                new RolloutEvent(0, last.Id, time.GetUtcNow(), actor, RolloutEventKinds.RolledBack, $"{last.CanaryModel}@{last.CanaryVersion}", $"{last.BaselineModel}@{last.BaselineVersion}", reason, null),
                ct).ConfigureAwait(false);
            await AuditAsync(actor, RolloutEventKinds.RolledBack, last, reason, ct).ConfigureAwait(false);
            return last;
        }
        finally
        {
            _decide.Release();
        }
    }

    /// <summary>Requests and errors of both versions in the current step so far; null when this node does not watch the rollout.</summary>
    public (WindowSample Baseline, WindowSample Canary)? Live(Rollout rollout) =>
        rollout.IsActive
        && windows.TryGet(rollout.Endpoint, rollout.BaselineModel, rollout.BaselineVersion, out var baseline)
        && windows.TryGet(rollout.Endpoint, rollout.CanaryModel, rollout.CanaryVersion, out var canary)
            ? (baseline.Sample(), canary.Sample())
            : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TickInterval, time);
        do
        {
            try
            {
                await TickAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A failed tick (a database hiccup, a version that will not load) is retried on the next one.
                LogTickFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task TickAsync(CancellationToken ct)
    {
        foreach (var active in await rollouts.ListActiveAsync(ct).ConfigureAwait(false))
        {
            await _decide.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                // Read again under the lock: a person may have moved it since the list was read.
                if (await rollouts.GetActiveAsync(active.Endpoint, ct).ConfigureAwait(false) is { } rollout && rollout.Id == active.Id)
                {
                    await DriveAsync(rollout, ct).ConfigureAwait(false);
                }
            }
            finally
            {
                _decide.Release();
            }
        }
    }

    private async Task DriveAsync(Rollout rollout, CancellationToken ct)
    {
        if (_watched.Add(rollout.Id))
        {
            // Started before this process: its windows were lost with the last one, so its step bakes again from now.
            rollout = await ResumeAfterRestartAsync(rollout, ct).ConfigureAwait(false) ?? rollout;
        }

        if (rollout.State != RolloutState.Running)
        {
            return;
        }

        if (rollout.StepPercent == 100)
        {
            // A plan whose first step is 100 has nothing to compare: the canary takes over at once.
            await ApplyAsync(rollout, Promote(rollout, RolloutEventKinds.Controller, "the plan's first step gives the canary every request"), ct).ConfigureAwait(false);
            return;
        }

        if (time.GetUtcNow() < rollout.StepStartedAt + rollout.Plan.Bake)
        {
            return;
        }

        await JudgeAsync(rollout, ct).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The rollout controller's check failed; it runs again on the next tick")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
