using Microsoft.Extensions.Options;
using Modelplane.Client.Contracts;
using Modelplane.Registry.Slos;
using Modelplane.Server.Rollouts;

namespace Modelplane.Server.Slos;

/// <summary>
/// Evaluates a workspace's objectives every <see cref="SloOptions.EvaluationInterval"/>: publishes target and budget
/// left on <c>/metrics</c>, raises and resolves burn-rate alerts (<see cref="BurnRatePolicy"/>), and queues one
/// notification per endpoint whose alerts changed. A firing alert notifies once, again after
/// <see cref="SloOptions.RepeatInterval"/>, and once when it resolves; a silence stops notifications, not evaluation.
/// </summary>
/// <remarks>The alerts' state is in the registry database, so a restart neither forgets an alert nor notifies it again.</remarks>
internal sealed partial class SloEvaluator(
    SloCalculator calculator,
    IAlertStore alerts,
    AlertNotifier notifier,
    AlertLinks links,
    SloFlusher flusher,
    WorkspaceScope workspace,
    IOptions<SloOptions> options,
    TimeProvider time,
    ILogger<SloEvaluator> logger) : BackgroundService
{
    private readonly SemaphoreSlim _evaluate = new(1, 1);
    private HashSet<(string Endpoint, string Objective)> _published = [];

    /// <summary>Evaluates every objective now; returns the notifications queued (one per endpoint with changes).</summary>
    public async Task<int> EvaluateAsync(CancellationToken ct)
    {
        await _evaluate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var statuses = await calculator.StatusAsync(null, ct).ConfigureAwait(false);
            Publish(statuses);
            var firing = (await alerts.ListAlertsAsync(SloAlertStates.Firing, 10_000, ct).ConfigureAwait(false))
                .Where(a => !a.IsMonitoring) // drift and model-quality alerts are the monitoring evaluator's
                .ToDictionary(a => (a.Endpoint, a.Objective, a.Condition));
            var silences = await alerts.ListSilencesAsync(now, includeExpired: false, ct).ConfigureAwait(false);
            var changes = new Dictionary<string, List<AlertDto>>(StringComparer.Ordinal);
            foreach (var status in statuses)
            {
                var silenced = silences.Any(s => s.Covers(status.Objective.Endpoint, now));
                foreach (var condition in BurnRatePolicy.Conditions)
                {
                    var key = (status.Objective.Endpoint, status.Objective.Objective, condition.Name);
                    firing.Remove(key, out var open);
                    if (await DecideAsync(status, condition, open, silenced, now, ct).ConfigureAwait(false) is { } change)
                    {
                        Add(changes, change);
                    }
                }
            }

            // Alerts of objectives that were removed (or whose endpoint was) stop holding.
            foreach (var orphan in firing.Values)
            {
                var resolved = orphan with { State = SloAlertStates.Resolved, ResolvedAt = now };
                await alerts.UpdateAlertAsync(resolved, ct).ConfigureAwait(false);
                var silenced = silences.Any(s => s.Covers(orphan.Endpoint, now));
                if (!silenced && orphan.LastNotifiedAt is not null)
                {
                    Add(changes, AlertViews.ToDto(resolved, silenced));
                }
            }

            foreach (var (endpoint, changed) in changes)
            {
                notifier.Enqueue(new AlertNotificationDto(workspace.Name, endpoint, changed, links.For(endpoint)));
            }

            return changes.Count;
        }
        finally
        {
            _evaluate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EvaluationInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await EvaluateAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // A failed evaluation (a database hiccup) is retried on the next tick.
                    LogEvaluationFailed(logger, workspace.Name, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task<AlertDto?> DecideAsync(SloStatus status, BurnRateCondition condition, SloAlert? open, bool silenced, DateTimeOffset now, CancellationToken ct)
    {
        var longBurn = status.BurnRate(condition.LongWindow);
        var shortBurn = status.BurnRate(condition.ShortWindow);
        var objective = status.Objective;
        if (status.Fires(condition))
        {
            if (open is null)
            {
                var opened = await alerts.OpenAlertAsync(
                    new SloAlert(0, objective.Endpoint, objective.Objective, condition.Name, AlertViews.Severity(condition.Severity), SloAlertStates.Firing, now, null,
                        silenced ? null : now, longBurn, shortBurn, objective.Target, status.BudgetRemaining),
                    ct).ConfigureAwait(false);
                return silenced ? null : AlertViews.ToDto(opened, silenced);
            }

            var due = !silenced && (open.LastNotifiedAt is not { } last || now - last >= options.Value.RepeatInterval);
            var updated = open with
            {
                LongBurn = longBurn, ShortBurn = shortBurn, Target = objective.Target, BudgetRemaining = status.BudgetRemaining,
                LastNotifiedAt = due ? now : open.LastNotifiedAt,
            };
            await alerts.UpdateAlertAsync(updated, ct).ConfigureAwait(false);
            return due ? AlertViews.ToDto(updated, silenced) : null;
        }

        if (open is null)
        {
            return null;
        }

        var resolved = open with
        {
            State = SloAlertStates.Resolved, ResolvedAt = now, LongBurn = longBurn, ShortBurn = shortBurn, BudgetRemaining = status.BudgetRemaining,
        };
        await alerts.UpdateAlertAsync(resolved, ct).ConfigureAwait(false);

        // Receivers that never heard it fire (it was silenced throughout) need not hear it resolve.
        return !silenced && open.LastNotifiedAt is not null ? AlertViews.ToDto(resolved, silenced) : null;
    }

    private void Publish(IReadOnlyList<SloStatus> statuses)
    {
        var counts = flusher.Counts;
        var now = new HashSet<(string, string)>();
        foreach (var status in statuses)
        {
            counts.Publish(status.Objective.Endpoint, status.Objective.Objective, status.Objective.Target, status.BudgetRemaining);
            now.Add((status.Objective.Endpoint, status.Objective.Objective));
        }

        foreach (var (endpoint, objective) in _published.Except(now))
        {
            counts.Unpublish(endpoint, objective);
        }

        _published = now;
    }

    private static void Add(Dictionary<string, List<AlertDto>> changes, AlertDto change)
    {
        if (!changes.TryGetValue(change.Endpoint, out var list))
        {
            changes[change.Endpoint] = list = [];
        }

        list.Add(change);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluating the SLOs of workspace {Workspace} failed; the next evaluation retries")]
    private static partial void LogEvaluationFailed(ILogger logger, string workspace, Exception exception);
}
