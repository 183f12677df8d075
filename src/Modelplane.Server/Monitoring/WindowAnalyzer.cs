using System.Globalization;
using Modelplane.Client.Contracts;
using Modelplane.Registry.Monitoring;
using Modelplane.Registry.Slos;
using Modelplane.Serving.Monitoring.Statistics;
using Modelplane.Serving.Monitoring.Windows;
using Modelplane.Server.Rollouts;
using Modelplane.Server.Slos;

namespace Modelplane.Server.Monitoring;

/// <summary>
/// Takes a workspace's closed live windows off the request path: compares each with its version's reference,
/// stores it with its report (so a restart loses at most the open windows), and raises a drift alert once
/// <see cref="MonitoringSettings.ConsecutiveWindows"/> windows in a row drift, or resolves it when one does not.
/// </summary>
internal sealed partial class WindowAnalyzer(
    LiveProfiles profiles, IMonitoringStore store, MonitoringAlerts alerts, AlertLinks links, WorkspaceScope workspace, ILogger<WindowAnalyzer> logger)
    : BackgroundService
{
    /// <summary>Features an alert names, most drifted first.</summary>
    public const int AlertFeatures = 5;

    /// <summary>Earlier windows a streak is counted back over; a longer streak shows as this many.</summary>
    private const int StreakLookback = 100;

    private int _pending;

    /// <summary>True while no closed window waits to be analysed.</summary>
    public bool Idle => profiles.Closed.Count == 0 && Volatile.Read(ref _pending) == 0;

    /// <summary>Analyses, stores and alerts on one closed window; returns it as stored.</summary>
    public async Task<MonitoringWindow> AnalyzeAsync(ClosedWindow closed, CancellationToken ct)
    {
        var reference = closed.Reference;
        var settings = await store.GetSettingsAsync(closed.Endpoint, ct).ConfigureAwait(false) ?? MonitoringSettings.Default;
        var profile = closed.Profile();
        var report = DriftCalculator.Compare(reference.Profile, profile, DriftViews.Thresholds(settings.ThresholdsJson));
        var history = await store.ListWindowsAsync(closed.Endpoint, reference.Model, reference.Version, StreakLookback, ct).ConfigureAwait(false);
        var streaks = Streaks(report, history);
        var streak = streaks.Count == 0 ? 0 : streaks.Values.Max();
        var window = await store.AddWindowAsync(
            new MonitoringWindow(0, closed.Endpoint, reference.Model, reference.Version, closed.StartedAt, closed.EndedAt, profile.Rows, report.Verdict, streak, profile, report),
            ct).ConfigureAwait(false);
        if (streak >= settings.ConsecutiveWindows)
        {
            var persistent = streaks.Where(s => s.Value >= settings.ConsecutiveWindows).Select(s => s.Key).ToHashSet();
            await alerts.RaiseAsync(closed.Endpoint, MonitoringObjectives.Drift, Detail(window, reference, streak, persistent), ct).ConfigureAwait(false);
        }
        else if (report.Verdict is DriftVerdict.Stable or DriftVerdict.Warning)
        {
            await alerts.ResolveAsync(closed.Endpoint, MonitoringObjectives.Drift, reference.Model, reference.Version, ct).ConfigureAwait(false);
        }

        return window;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await profiles.Closed.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _pending);
                try
                {
                    if (profiles.Closed.TryRead(out var closed))
                    {
                        await AnalyzeAsync(closed, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(logger, workspace.Name, ex);
                }
                finally
                {
                    Interlocked.Decrement(ref _pending);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a window still queued is lost with the open ones.
        }
    }

    /// <summary>
    /// Per feature (or output) that drifts in this window: how many windows in a row, this one included, it drifted.
    /// A streak belongs to one feature: different features drifting by chance in successive windows make none.
    /// </summary>
    private static Dictionary<(string Name, bool IsOutput), int> Streaks(DriftReport report, IReadOnlyList<MonitoringWindow> newestFirst)
    {
        var streaks = new Dictionary<(string, bool), int>();
        foreach (var feature in report.Features.Where(f => f.Verdict == DriftVerdict.Drift))
        {
            var streak = 1;
            foreach (var earlier in newestFirst)
            {
                if (!earlier.Report.Features.Any(f => f.Name == feature.Name && f.IsOutput == feature.IsOutput && f.Verdict == DriftVerdict.Drift))
                {
                    break;
                }

                streak++;
            }

            streaks[(feature.Name, feature.IsOutput)] = streak;
        }

        return streaks;
    }

    // Inputs that kept drifting come first (they are what changed), then outputs that did, then the window's other drifts.
    private MonitoringAlertDetailDto Detail(MonitoringWindow window, ReferenceProfile reference, int streak, HashSet<(string Name, bool IsOutput)> persistent)
    {
        var view = DriftViews.ToDto(window, reference);
        var top = view.Features
            .Where(f => f.Verdict is "drift" or "warning")
            .OrderByDescending(f => persistent.Contains((f.Name, f.IsOutput)))
            .ThenBy(f => f.IsOutput)
            .Take(AlertFeatures)
            .ToList();
        var named = string.Join(", ", top.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name} (PSI {f.Psi:0.###})")));
        var summary = $"{window.Model}@{window.Version} on {window.Endpoint}: drifting for {streak} windows in a row: {named}";
        var model = Uri.EscapeDataString(window.Model);
        return new MonitoringAlertDetailDto(
            MonitoringObjectives.Drift, window.Model, window.Version, new DriftWindowRefDto(window.Id, window.StartedAt, window.EndedAt, window.Rows), streak,
            summary, top, reference.DataDigest,
            links.Url($"/api/v1/models/{model}/versions/{window.Version}/lineage"),
            links.Url($"/api/v1/endpoints/{Uri.EscapeDataString(window.Endpoint)}/drift/windows/{window.Id}"));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analysing a closed monitoring window of workspace {Workspace} failed; the window is lost")]
    private static partial void LogFailed(ILogger logger, string workspace, Exception exception);
}
