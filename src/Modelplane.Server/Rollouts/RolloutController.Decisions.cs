using System.Globalization;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Audit;
using Modelplane.Registry.Rollouts;
using Modelplane.Serving.Analysis;

namespace Modelplane.Server.Rollouts;

// How the controller and people move a rollout: every change is one store transition (state, traffic, event), then
// routing and the audit log follow.
internal sealed partial class RolloutController
{
    private const string Controller = RolloutEventKinds.Controller;

    private async Task JudgeAsync(Rollout rollout, CancellationToken ct)
    {
        if (!windows.TryGet(rollout.Endpoint, rollout.BaselineModel, rollout.BaselineVersion, out var baselineWindow)
            || !windows.TryGet(rollout.Endpoint, rollout.CanaryModel, rollout.CanaryVersion, out var canaryWindow))
        {
            await RouteAsync(rollout, ct).ConfigureAwait(false);
            return;
        }

        var plan = rollout.Plan;
        var thresholds = new AnalysisThresholds
        {
            MaxErrorRateDelta = plan.MaxErrorRateDelta,
            MaxP95LatencyRatio = plan.MaxP95LatencyRatio,
            MaxPredictionPsi = plan.MaxPredictionPsi,
            MinRequests = plan.MinRequests,
        };
        var verdict = CanaryAnalysis.Judge(baselineWindow.Sample(), canaryWindow.Sample(), thresholds);
        QualityFigures? quality = null;
        if (verdict.Outcome != AnalysisOutcome.InsufficientData)
        {
            // Where labels exist: predictions of this step logged by the endpoint and labeled by request id since.
            quality = QualityComparison.Compare(rollout, await inferenceLog.LabeledAsync(rollout.Endpoint, rollout.StepStartedAt, ct).ConfigureAwait(false));
            if (quality is not null && QualityComparison.Problem(quality) is { } worse)
            {
                verdict = verdict with { Outcome = AnalysisOutcome.Failed, Reasons = [.. verdict.Reasons, worse] };
            }
        }

        var figures = FiguresJson(verdict.Figures, quality);
        var step = $"step {rollout.StepIndex + 1} of {plan.Steps.Count} ({rollout.StepPercent}%)";
        switch (verdict.Outcome)
        {
            case AnalysisOutcome.InsufficientData:
                // The bake goes on until both sides have enough requests; said once per step, not on every tick.
                if (_reportedInsufficient.Add((rollout.Id, rollout.StepIndex)))
                {
                    await rollouts.AppendEventAsync(
                        new RolloutEvent(0, rollout.Id, time.GetUtcNow(), Controller, RolloutEventKinds.InsufficientData, step, step,
                            $"insufficient data at the end of the bake: {string.Join("; ", verdict.Reasons)}; the step keeps baking", figures),
                        ct).ConfigureAwait(false);
                }

                return;
            case AnalysisOutcome.Failed:
                await ApplyAsync(rollout, new RolloutTransition(
                    rollout.Id, rollout.State, rollout.StepIndex, RolloutState.RolledBack, rollout.StepIndex, RolloutTraffic.BaselineOnly,
                    Controller, RolloutEventKinds.RolledBack, $"canary failed analysis at {step}: {string.Join("; ", verdict.Reasons)}")
                {
                    FiguresJson = figures,
                }, ct).ConfigureAwait(false);
                return;
            default:
                var next = rollout.StepIndex + 1;
                var transition = next == plan.Steps.Count - 1 || plan.Steps[next] == 100
                    ? Promote(rollout, Controller, $"canary passed analysis at {step}, its last step before taking every request")
                    : new RolloutTransition(
                        rollout.Id, rollout.State, rollout.StepIndex, RolloutState.Running, next, RolloutTraffic.Split(plan.Steps[next]),
                        Controller, RolloutEventKinds.Step, $"canary passed analysis at {step}; next {plan.Steps[next]}%");
                await ApplyAsync(rollout, transition with { FiguresJson = figures }, ct).ConfigureAwait(false);
                return;
        }
    }

    private static RolloutTransition Promote(Rollout rollout, string actor, string reason) => new(
        rollout.Id, rollout.State, rollout.StepIndex, RolloutState.Promoted, rollout.Plan.Steps.Count - 1, RolloutTraffic.CanaryOnly,
        actor, RolloutEventKinds.Promoted, reason);

    /// <exception cref="RolloutActionException">The action does not apply to the rollout's state.</exception>
    private static RolloutTransition PersonTransition(Rollout rollout, RolloutAction action, string actor)
    {
        RolloutTransition Stay(RolloutState state, string kind, string reason) =>
            new(rollout.Id, rollout.State, rollout.StepIndex, state, rollout.StepIndex, null, actor, kind, reason);

        return action switch
        {
            RolloutAction.Pause when rollout.State == RolloutState.Running =>
                Stay(RolloutState.Paused, RolloutEventKinds.Paused, $"paused by {actor} at {rollout.StepPercent}%; traffic stays as it is"),
            RolloutAction.Resume when rollout.State == RolloutState.Paused =>
                Stay(RolloutState.Running, RolloutEventKinds.Resumed, $"resumed by {actor}; the step bakes again from now"),
            RolloutAction.Pause or RolloutAction.Resume => throw new RolloutActionException(
                $"Rollout {rollout.Id} is {RolloutStates.Name(rollout.State)}; only a running rollout can be paused and only a paused one resumed."),
            RolloutAction.Promote => Promote(rollout, actor, $"promoted by {actor} at {rollout.StepPercent}%"),
            RolloutAction.Abort => new RolloutTransition(
                rollout.Id, rollout.State, rollout.StepIndex, RolloutState.Aborted, rollout.StepIndex, RolloutTraffic.BaselineOnly,
                actor, RolloutEventKinds.Aborted, $"aborted by {actor} at {rollout.StepPercent}%; the baseline takes every request"),
            _ => new RolloutTransition(
                rollout.Id, rollout.State, rollout.StepIndex, RolloutState.RolledBack, rollout.StepIndex, RolloutTraffic.BaselineOnly,
                actor, RolloutEventKinds.RolledBack, $"rolled back by {actor} at {rollout.StepPercent}%"),
        };
    }

    /// <returns>The changed rollout, or null when it moved since it was read (nothing was changed).</returns>
    private async Task<Rollout?> ApplyAsync(Rollout rollout, RolloutTransition transition, CancellationToken ct)
    {
        if (transition.Traffic is { } traffic && traffic.CanaryPercent > 0)
        {
            // Load before moving traffic, so a version that cannot load fails here and the endpoint keeps serving.
            await table.PreloadAsync(rollout.CanaryModel, rollout.CanaryVersion, ct).ConfigureAwait(false);
        }

        if (transition.Traffic is { IsSplit: false } whole)
        {
            await ServeOneVersionAsync(rollout, whole, ct).ConfigureAwait(false);
        }

        Rollout? changed = null;
        try
        {
            changed = await rollouts.TransitionAsync(transition, ct).ConfigureAwait(false);
        }
        finally
        {
            if (changed is null && transition.Traffic is { IsSplit: false } && await endpoints.GetAsync(rollout.Endpoint, CancellationToken.None).ConfigureAwait(false) is { } stored)
            {
                await table.ActivateAsync(stored, CancellationToken.None).ConfigureAwait(false); // the switch was premature: serve what is stored
            }
        }

        if (changed is null)
        {
            return null;
        }

        await RouteAsync(changed, ct).ConfigureAwait(false);
        await AuditAsync(transition.Actor, transition.Kind, changed, transition.Reason, ct).ConfigureAwait(false);
        LogTransition(logger, changed.Endpoint, changed.Id, transition.Kind, transition.Reason);
        return changed;
    }

    private async Task<Rollout?> ResumeAfterRestartAsync(Rollout rollout, CancellationToken ct)
    {
        if (rollout.State != RolloutState.Running)
        {
            await RouteAsync(rollout, ct).ConfigureAwait(false);
            return null;
        }

        return await ApplyAsync(rollout, new RolloutTransition(
            rollout.Id, rollout.State, rollout.StepIndex, RolloutState.Running, rollout.StepIndex, null, Controller, RolloutEventKinds.ResumedAfterRestart,
            $"the server restarted during step {rollout.StepIndex + 1} ({rollout.StepPercent}%); the step continues and bakes again from now"), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends every request to one version (the baseline on rollback or abort, the canary on promotion) before the
    /// transition is recorded, so that once anyone can read the rollout as ended the other version takes no request.
    /// </summary>
    private async Task ServeOneVersionAsync(Rollout rollout, RolloutTraffic whole, CancellationToken ct)
    {
        if (await endpoints.GetAsync(rollout.Endpoint, ct).ConfigureAwait(false) is { } endpoint)
        {
            var (model, version) = whole == RolloutTraffic.CanaryOnly
                ? (rollout.CanaryModel, rollout.CanaryVersion)
                : (rollout.BaselineModel, rollout.BaselineVersion);
            await table.ActivateAsync(endpoint with { Model = model, Version = version, Traffic = [] }, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Points the windows and the serving table at the rollout as stored: watched while active, forgotten once ended.</summary>
    private async Task RouteAsync(Rollout rollout, CancellationToken ct)
    {
        if (rollout.IsActive)
        {
            windows.GetOrAdd(rollout.Endpoint, rollout.BaselineModel, rollout.BaselineVersion).Reset();
            windows.GetOrAdd(rollout.Endpoint, rollout.CanaryModel, rollout.CanaryVersion).Reset();
        }
        else
        {
            windows.Remove(rollout.Endpoint);
            _watched.Remove(rollout.Id);
        }

        if (await endpoints.GetAsync(rollout.Endpoint, ct).ConfigureAwait(false) is { } endpoint)
        {
            await table.ActivateAsync(endpoint, ct).ConfigureAwait(false);
        }
    }

    private Task AuditAsync(string actor, string kind, Rollout rollout, string reason, CancellationToken ct) => audit.AppendAsync(
        new AuditEntry(workspace.Name, actor, $"rollouts.{kind}", $"endpoint {rollout.Endpoint} rollout {rollout.Id.ToString(CultureInfo.InvariantCulture)}",
            AuditOutcome.Succeeded, null, null, reason, null, null),
        ct);

    private static string Describe(Rollout rollout) => string.Create(
        CultureInfo.InvariantCulture,
        $"{rollout.BaselineModel}@{rollout.BaselineVersion} -> {rollout.CanaryModel}@{rollout.CanaryVersion}, steps {string.Join(",", rollout.Plan.Steps)}, bake {RolloutRules.Format(rollout.Plan.Bake)}");

    private static string FiguresJson(AnalysisFigures f, QualityFigures? q) => JsonSerializer.Serialize(
        new RolloutFiguresDto(f.BaselineRequests, f.CanaryRequests)
        {
            BaselineErrorRate = f.BaselineErrorRate,
            CanaryErrorRate = f.CanaryErrorRate,
            ErrorRateDelta = f.ErrorRateDelta,
            BaselineP95Ms = f.BaselineP95Ms,
            CanaryP95Ms = f.CanaryP95Ms,
            P95Ratio = f.P95Ratio,
            Psi = f.Psi,
            QualityMetric = q?.Metric,
            BaselineQuality = q?.Baseline,
            CanaryQuality = q?.Canary,
            BaselineLabeled = q?.BaselineLabeled,
            CanaryLabeled = q?.CanaryLabeled,
        },
        ModelplaneJson.Context.RolloutFiguresDto);

    [LoggerMessage(Level = LogLevel.Information, Message = "Endpoint {Endpoint} rollout {Rollout}: {Kind}: {Reason}")]
    private static partial void LogTransition(ILogger logger, string endpoint, long rollout, string kind, string reason);
}
