using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Registry.Slos;
using Modelplane.Server.Rollouts;
using Modelplane.Server.Slos;

namespace Modelplane.Server.Monitoring;

/// <summary>
/// Drift and model-quality alerts, through the same routing as burn-rate alerts: one firing alert per endpoint,
/// objective and version (the store's unique index dedupes, also across replicas), one notification per change
/// grouped by endpoint, silences honoured. A newly firing alert also fires the model's retraining webhook.
/// </summary>
internal sealed class MonitoringAlerts(
    IAlertStore alerts, AlertNotifier notifier, AlertLinks links, RetrainingTriggers retraining, WorkspaceScope workspace, TimeProvider time)
{
    /// <summary>How often a firing alert's detail is brought up to date with the latest window.</summary>
    private static readonly TimeSpan DetailRefresh = TimeSpan.FromMinutes(1);

    // What this node knows of its monitoring alerts, so a stream of windows does not read the alert table for each.
    private readonly ConcurrentDictionary<(string, string, string), DateTimeOffset> _firing = new();
    private readonly ConcurrentDictionary<(string, string, string), bool> _checked = new();

    /// <summary>
    /// Fires the alert of <paramref name="objective"/> for a version: opens it and notifies receivers (unless silenced)
    /// and the retraining webhook when it was not firing; refreshes its detail (at most once a minute) when it was.
    /// <paramref name="describe"/> is only called when the detail is needed.
    /// </summary>
    /// <returns>True when the alert opened now.</returns>
    public async Task<bool> RaiseAsync(string endpoint, string objective, string model, int version, Func<MonitoringAlertDetailDto> describe, CancellationToken ct)
    {
        var condition = Condition(model, version);
        var now = time.GetUtcNow();
        var key = (endpoint, objective, condition);
        if (_firing.TryGetValue(key, out var refreshed) && now - refreshed < DetailRefresh)
        {
            return false; // firing, and its detail is recent: a window a second must not cost a database round trip each
        }

        var detail = describe();
        var json = JsonSerializer.Serialize(detail, ModelplaneJson.Context.MonitoringAlertDetailDto);
        if (await FiringAsync(endpoint, objective, condition, ct).ConfigureAwait(false) is { } open)
        {
            await alerts.UpdateAlertAsync(open with { DetailJson = json }, ct).ConfigureAwait(false);
            _firing[key] = now;
            return false;
        }

        var silenced = await SilencedAsync(endpoint, now, ct).ConfigureAwait(false);
        SloAlert opened;
        try
        {
            opened = await alerts.OpenAlertAsync(
                new SloAlert(0, endpoint, objective, condition, "ticket", SloAlertStates.Firing, now, null, silenced ? null : now, 0, 0, 0, 0) { DetailJson = json },
                ct).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            return false; // another replica opened it a moment ago
        }

        _firing[key] = now;

        if (!silenced)
        {
            notifier.Enqueue(new AlertNotificationDto(workspace.Name, endpoint, [AlertViews.ToDto(opened, silenced: false)], links.For(endpoint)));
        }

        await retraining.FireAsync(endpoint, objective, detail, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Resolves the firing alert of <paramref name="objective"/> for a version, telling receivers when they were told it fired.</summary>
    public async Task ResolveAsync(string endpoint, string objective, string model, int version, CancellationToken ct)
    {
        var key = (endpoint, objective, Condition(model, version));
        if (_checked.ContainsKey(key) && !_firing.ContainsKey(key))
        {
            return; // known not to fire here since it was last looked up
        }

        _checked[key] = true;
        if (await FiringAsync(endpoint, objective, key.Item3, ct).ConfigureAwait(false) is not { } open)
        {
            _firing.TryRemove(key, out _);
            return;
        }

        _firing.TryRemove(key, out _);

        var now = time.GetUtcNow();
        var resolved = open with { State = SloAlertStates.Resolved, ResolvedAt = now };
        await alerts.UpdateAlertAsync(resolved, ct).ConfigureAwait(false);
        if (open.LastNotifiedAt is not null && !await SilencedAsync(endpoint, now, ct).ConfigureAwait(false))
        {
            notifier.Enqueue(new AlertNotificationDto(workspace.Name, endpoint, [AlertViews.ToDto(resolved, silenced: false)], links.For(endpoint)));
        }
    }

    /// <summary>The alert identity's condition: the version it is about.</summary>
    public static string Condition(string model, int version) => $"{model}@{version}";

    private async Task<SloAlert?> FiringAsync(string endpoint, string objective, string condition, CancellationToken ct) =>
        (await alerts.ListAlertsAsync(SloAlertStates.Firing, 10_000, ct).ConfigureAwait(false))
            .FirstOrDefault(a => a.Endpoint == endpoint && a.Objective == objective && a.Condition == condition);

    private async Task<bool> SilencedAsync(string endpoint, DateTimeOffset now, CancellationToken ct) =>
        (await alerts.ListSilencesAsync(now, includeExpired: false, ct).ConfigureAwait(false)).Any(s => s.Covers(endpoint, now));
}
