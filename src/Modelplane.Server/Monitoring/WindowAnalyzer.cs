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
/// Takes a workspace's closed live windows off the request path: compares each with its version's reference, stores
/// it with its report within a fifth of a second (so a restart loses the open windows and at most those closed in that
/// time), and raises a drift alert once <see cref="MonitoringSettings.ConsecutiveWindows"/> windows in a row drift, or
/// resolves it when one does not.
/// </summary>
internal sealed partial class WindowAnalyzer(
    LiveProfiles profiles, IMonitoringStore store, MonitoringAlerts alerts, AlertLinks links, WorkspaceScope workspace, TimeProvider time, ILogger<WindowAnalyzer> logger)
    : BackgroundService
{
    private static readonly TimeSpan SettingsLifetime = TimeSpan.FromSeconds(5);

    /// <summary>The shortest time between two commits of closed windows.</summary>
    private static readonly TimeSpan CommitInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>The most windows one commit stores.</summary>
    private const int MaxBatch = 256;

    /// <summary>Features an alert names, most drifted first.</summary>
    public const int AlertFeatures = 5;

    // The latest report of each version (with its streaks), so a window's streaks need no read of its predecessors.
    private readonly ConcurrentDictionary<(string Endpoint, string Model, int Version), DriftReport?> _previous = new();
    private readonly ConcurrentDictionary<string, (MonitoringSettings Settings, DateTimeOffset ReadAt)> _settings = new(StringComparer.Ordinal);
    private int _pending;
    private long _droppedLogged;

    /// <summary>True while no closed window waits to be analysed.</summary>
    public bool Idle => profiles.Closed.Count == 0 && Volatile.Read(ref _pending) == 0;

    /// <summary>Analyses closed windows, stores them in one commit and alerts on them; returns them as stored.</summary>
    public async Task<IReadOnlyList<MonitoringWindow>> AnalyzeAsync(IReadOnlyList<ClosedWindow> closed, CancellationToken ct)
    {
        var analysed = new List<(MonitoringWindow Window, ReferenceProfile Reference, MonitoringSettings Settings)>(closed.Count);
        foreach (var window in closed)
        {
            var settings = await SettingsAsync(window.Endpoint, ct).ConfigureAwait(false);
            analysed.Add((await CompareAsync(window, settings, ct).ConfigureAwait(false), window.Reference, settings));
        }

        var stored = await store.AddWindowsAsync([.. analysed.Select(a => a.Window)], ct).ConfigureAwait(false);
        for (var i = 0; i < stored.Count; i++)
        {
            var (window, (_, reference, settings)) = (stored[i], analysed[i]);
            if (window.Streak >= settings.ConsecutiveWindows)
            {
                await alerts.RaiseAsync(window.Endpoint, MonitoringObjectives.Drift, window.Model, window.Version, () => Detail(window, reference, window.Streak, settings.ConsecutiveWindows), ct)
                    .ConfigureAwait(false);
            }
            else if (window.Verdict is DriftVerdict.Stable or DriftVerdict.Warning)
            {
                await alerts.ResolveAsync(window.Endpoint, MonitoringObjectives.Drift, window.Model, window.Version, ct).ConfigureAwait(false);
            }
        }

        return stored;
    }

    // The window with its report against the reference, its streaks counted on from the version's previous window.
    private async Task<MonitoringWindow> CompareAsync(ClosedWindow closed, MonitoringSettings settings, CancellationToken ct)
    {
        var reference = closed.Reference;
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
        return new MonitoringWindow(0, closed.Endpoint, reference.Model, reference.Version, closed.StartedAt, closed.EndedAt, profile.Rows, report.Verdict, streak, profile, report);
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
        var committed = 0L;
        var batch = new List<ClosedWindow>(MaxBatch);
        try
        {
            while (await profiles.Closed.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                // Group commit: windows closing faster than one per interval wait for the next commit together, so an
                // endpoint closing tens of windows a second costs a few fsyncs a second rather than tens.
                var wait = CommitInterval - time.GetElapsedTime(committed);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                }

                Interlocked.Increment(ref _pending);
                try
                {
                    batch.Clear();
                    while (batch.Count < MaxBatch && profiles.Closed.TryRead(out var closed))
                    {
                        batch.Add(closed);
                    }

                    committed = time.GetTimestamp();
                    await AnalyzeAsync(batch, stoppingToken).ConfigureAwait(false);
                    if (profiles.Dropped is var dropped && dropped > _droppedLogged)
                    {
                        LogDropped(logger, workspace.Name, dropped - _droppedLogged, LiveProfiles.MaxQueued);
                        _droppedLogged = dropped;
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(logger, workspace.Name, batch.Count, ex);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} closed monitoring windows of workspace {Workspace} were dropped: {Queued} were waiting for analysis; use larger windows (modelplane monitoring set --window-rows)")]
    private static partial void LogDropped(ILogger logger, string workspace, long count, int queued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analysing {Count} closed monitoring windows of workspace {Workspace} failed; those not yet stored are lost")]
    private static partial void LogFailed(ILogger logger, string workspace, int count, Exception exception);
}
