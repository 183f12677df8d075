using System.Collections.Concurrent;
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
    LiveProfiles profiles, IMonitoringStore store, MonitoringAlerts alerts, AlertLinks links, WorkspaceScope workspace, TimeProvider time, ILogger<WindowAnalyzer> logger)
    : BackgroundService
{
    private static readonly TimeSpan SettingsLifetime = TimeSpan.FromSeconds(5);

    /// <summary>Features an alert names, most drifted first.</summary>
    public const int AlertFeatures = 5;

    // The latest report of each version (with its streaks), so a window's streaks need no read of its predecessors.
    private readonly ConcurrentDictionary<(string Endpoint, string Model, int Version), DriftReport?> _previous = new();
    private readonly ConcurrentDictionary<string, (MonitoringSettings Settings, DateTimeOffset ReadAt)> _settings = new(StringComparer.Ordinal);
    private int _pending;

    /// <summary>True while no closed window waits to be analysed.</summary>
    public bool Idle => profiles.Closed.Count == 0 && Volatile.Read(ref _pending) == 0;

    /// <summary>Analyses, stores and alerts on one closed window; returns it as stored.</summary>
    public async Task<MonitoringWindow> AnalyzeAsync(ClosedWindow closed, CancellationToken ct)
    {
        var reference = closed.Reference;
        var settings = await SettingsAsync(closed.Endpoint, ct).ConfigureAwait(false);
        var profile = closed.Profile();
        var report = DriftCalculator.Compare(reference.Profile, profile, DriftViews.Thresholds(settings.ThresholdsJson));
        var key = (closed.Endpoint, reference.Model, reference.Version);
        if (!_previous.TryGetValue(key, out var previous))
        {
            var latest = await store.ListWindowsAsync(closed.Endpoint, reference.Model, reference.Version, 1, ct).ConfigureAwait(false);
            previous = latest.Count == 0 ? null : latest[0].Report;
        }

        report = WithStreaks(report, previous);
        _previous[key] = report;
        var streak = report.Features.Count == 0 ? 0 : report.Features.Max(f => f.Streak);
        var window = await store.AddWindowAsync(
            new MonitoringWindow(0, closed.Endpoint, reference.Model, reference.Version, closed.StartedAt, closed.EndedAt, profile.Rows, report.Verdict, streak, profile, report),
            ct).ConfigureAwait(false);
        if (streak >= settings.ConsecutiveWindows)
        {
            await alerts.RaiseAsync(closed.Endpoint, MonitoringObjectives.Drift, reference.Model, reference.Version, () => Detail(window, reference, streak, settings.ConsecutiveWindows), ct).ConfigureAwait(false);
        }
        else if (report.Verdict is DriftVerdict.Stable or DriftVerdict.Warning)
        {
            await alerts.ResolveAsync(closed.Endpoint, MonitoringObjectives.Drift, reference.Model, reference.Version, ct).ConfigureAwait(false);
        }

        return window;
    }

    /// <summary>Drops what is cached of the endpoint's settings, after they changed.</summary>
    public void SettingsChanged(string endpoint) => _settings.TryRemove(endpoint, out _);

    // Read at most every few seconds per endpoint: at tens of windows a second the lookups would cost more than the analysis.
    private async Task<MonitoringSettings> SettingsAsync(string endpoint, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_settings.TryGetValue(endpoint, out var cached) && now - cached.ReadAt < SettingsLifetime)
        {
            return cached.Settings;
        }

        var settings = await store.GetSettingsAsync(endpoint, ct).ConfigureAwait(false) ?? MonitoringSettings.Default;
        _settings[endpoint] = (settings, now);
        return settings;
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
    /// The report with each feature's streak: the windows in a row it drifted, counting on from the version's previous
    /// window. A streak belongs to one feature: different features drifting by chance in successive windows make none.
    /// </summary>
    private static DriftReport WithStreaks(DriftReport report, DriftReport? previous)
    {
        var before = previous?.Features.ToDictionary(f => (f.Name, f.IsOutput), f => f.Streak) ?? [];
        return report with
        {
            Features = [.. report.Features.Select(f => f with { Streak = f.Verdict == DriftVerdict.Drift ? before.GetValueOrDefault((f.Name, f.IsOutput)) + 1 : 0 })],
        };
    }

    // Inputs that kept drifting come first (they are what changed), then outputs that did, then the window's other drifts.
    private MonitoringAlertDetailDto Detail(MonitoringWindow window, ReferenceProfile reference, int streak, int consecutive)
    {
        var persistent = window.Report.Features.Where(f => f.Streak >= consecutive).Select(f => (f.Name, f.IsOutput)).ToHashSet();
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
