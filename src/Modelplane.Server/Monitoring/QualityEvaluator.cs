using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Modelplane.Client.Contracts;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.InferenceLog;
using Modelplane.Registry.Monitoring;
using Modelplane.Registry.Slos;
using Modelplane.Server.Rollouts;
using Modelplane.Server.Slos;

namespace Modelplane.Server.Monitoring;

/// <summary>
/// Judges windows' quality against endpoints' quality objectives: each window counts its rows as events and its
/// errors (realised where labels cover enough of it, else estimated) as bad events of the objective, in the minute it
/// closed, recomputed every <see cref="MonitoringOptions.QualityInterval"/> as labels arrive; when the latest
/// <see cref="MonitoringSettings.ConsecutiveWindows"/> windows of a version all fall below the target, a
/// model-quality alert fires (and the retraining webhook), resolved when a window meets it again.
/// </summary>
internal sealed partial class QualityEvaluator(
    IEndpointStore endpoints,
    IMonitoringStore store,
    ISloStore slos,
    IInferenceLogStore log,
    MonitoringAlerts alerts,
    AlertLinks links,
    IOptions<MonitoringOptions> options,
    WorkspaceScope workspace,
    TimeProvider time,
    ILogger<QualityEvaluator> logger) : BackgroundService
{
    /// <summary>The node name quality counts are stored under: one writer per workspace replaces them.</summary>
    public const string Node = "monitoring";

    /// <summary>Windows looked at per endpoint and evaluation.</summary>
    private const int Lookback = 500;

    private readonly ConcurrentDictionary<string, string> _sources = new(StringComparer.Ordinal);

    /// <summary>The source (<c>realised</c> or <c>estimated</c>) of the endpoint's latest judged window; null when none.</summary>
    public string? Source(string endpoint) => _sources.GetValueOrDefault(endpoint);

    /// <summary>The quality of the endpoint's latest windows, newest first.</summary>
    public async Task<EndpointQualityDto> QualityAsync(string endpoint, string? model, int? version, int limit, CancellationToken ct)
    {
        var windows = await store.ListWindowsAsync(endpoint, model, version, limit, ct).ConfigureAwait(false);
        return new EndpointQualityDto(endpoint, options.Value.MinLabelCoverage, await QualityAsync(endpoint, windows, ct).ConfigureAwait(false));
    }

    /// <summary>Recomputes every endpoint's quality counts and model-quality alerts now.</summary>
    public async Task EvaluateAsync(CancellationToken ct)
    {
        var targets = (await slos.ListAsync(null, ct).ConfigureAwait(false))
            .Where(o => o.Objective == SloObjectives.Quality)
            .ToDictionary(o => o.Endpoint, o => o.Target, StringComparer.Ordinal);
        foreach (var endpoint in await endpoints.ListAsync(ct).ConfigureAwait(false))
        {
            if (!targets.TryGetValue(endpoint.Name, out var target))
            {
                continue;
            }

            var windows = await store.ListWindowsAsync(endpoint.Name, null, null, Lookback, ct).ConfigureAwait(false);
            var qualities = await QualityAsync(endpoint.Name, windows, ct).ConfigureAwait(false);
            var judged = qualities.Select(q => (Quality: q, Accuracy: WindowQuality.Accuracy(q))).Where(q => q.Accuracy is not null).ToList();
            if (judged.Count == 0)
            {
                continue;
            }

            _sources[endpoint.Name] = judged[0].Quality.Source;
            // Windows that closed in the same minute share its row.
            await slos.SetCountsAsync(
                [.. judged.GroupBy(j => j.Quality.EndedAt.ToUnixTimeMilliseconds() / 60_000).Select(minute => new SloMinuteCount(
                    endpoint.Name, SloObjectives.Quality, minute.Key, Node, minute.Sum(j => j.Quality.Rows),
                    minute.Sum(j => (long)Math.Round(j.Quality.Rows * (1 - j.Accuracy!.Value)))))],
                ct).ConfigureAwait(false);
            var settings = await store.GetSettingsAsync(endpoint.Name, ct).ConfigureAwait(false) ?? MonitoringSettings.Default;
            foreach (var version in judged.GroupBy(j => (j.Quality.Model, j.Quality.Version)))
            {
                await JudgeAsync(endpoint.Name, [.. version], target, settings.ConsecutiveWindows, ct).ConfigureAwait(false);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.QualityInterval, time);
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
                    LogFailed(logger, workspace.Name, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task<List<WindowQualityDto>> QualityAsync(string endpoint, IReadOnlyList<MonitoringWindow> windows, CancellationToken ct)
    {
        if (windows.Count == 0)
        {
            return [];
        }

        var labeled = await log.LabeledAsync(endpoint, windows.Min(w => w.StartedAt), ct).ConfigureAwait(false);
        return [.. windows.Select(w => WindowQuality.Of(w, labeled, options.Value.MinLabelCoverage))];
    }

    // Newest first: the version breaches when its latest `consecutive` windows all miss the target.
    private async Task JudgeAsync(string endpoint, List<(WindowQualityDto Quality, double? Accuracy)> newestFirst, double target, int consecutive, CancellationToken ct)
    {
        var latest = newestFirst[0].Quality;
        if (newestFirst[0].Accuracy >= target)
        {
            await alerts.ResolveAsync(endpoint, MonitoringObjectives.ModelQuality, latest.Model, latest.Version, ct).ConfigureAwait(false);
            return;
        }

        if (newestFirst.Count < consecutive || newestFirst.Take(consecutive).Any(j => j.Accuracy >= target))
        {
            return;
        }

        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{latest.Model}@{latest.Version} on {endpoint}: {latest.Source} accuracy {newestFirst[0].Accuracy:P1} is below the quality objective {target:P1} for {consecutive} windows in a row");
        var model = Uri.EscapeDataString(latest.Model);
        await alerts.RaiseAsync(
            endpoint,
            MonitoringObjectives.ModelQuality,
            latest.Model,
            latest.Version,
            () => new MonitoringAlertDetailDto(
                MonitoringObjectives.ModelQuality, latest.Model, latest.Version, new DriftWindowRefDto(latest.WindowId, latest.StartedAt, latest.EndedAt, latest.Rows),
                consecutive, summary, [], null, links.Url($"/api/v1/models/{model}/versions/{latest.Version}/lineage"),
                links.Url($"/api/v1/endpoints/{Uri.EscapeDataString(endpoint)}/quality")),
            ct).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluating the model quality of workspace {Workspace} failed; retrying on the next tick")]
    private static partial void LogFailed(ILogger logger, string workspace, Exception exception);
}
