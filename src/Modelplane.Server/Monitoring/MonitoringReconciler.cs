using Microsoft.Extensions.Options;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;
using Modelplane.Registry.Monitoring;
using Modelplane.Serving.Monitoring;
using Modelplane.Serving.Monitoring.Windows;
using Modelplane.Server.Rollouts;

namespace Modelplane.Server.Monitoring;

/// <summary>
/// Keeps a workspace's live profiles in step with what its endpoints serve: every version an enabled endpoint sends
/// requests to and that has a reference profile is counted, with the endpoint's window settings; anything else is
/// not. Runs every <see cref="MonitoringOptions.ReconcileInterval"/> (and on demand after a change), and closes
/// windows that have lasted their duration.
/// </summary>
internal sealed partial class MonitoringReconciler(
    IEndpointStore endpoints,
    IModelStore models,
    IReferenceProfileStore references,
    IMonitoringStore store,
    LiveProfiles profiles,
    IOptions<MonitoringOptions> options,
    WorkspaceScope workspace,
    TimeProvider time,
    ILogger<MonitoringReconciler> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _lastRetention = DateTimeOffset.MinValue;

    /// <summary>Matches live profiles with what the endpoints serve now.</summary>
    public async Task ReconcileAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var desired = new HashSet<(string, string, int)>();
            foreach (var endpoint in await endpoints.ListAsync(ct).ConfigureAwait(false))
            {
                var settings = await store.GetSettingsAsync(endpoint.Name, ct).ConfigureAwait(false) ?? MonitoringSettings.Default;
                if (!settings.Enabled)
                {
                    continue;
                }

                var windows = new WindowSettings(settings.WindowRows, settings.WindowDuration);
                foreach (var (model, version) in endpoint.ServedVersions())
                {
                    if (await InstallAsync(endpoint.Name, model, version, windows, ct).ConfigureAwait(false))
                    {
                        desired.Add((endpoint.Name, model, version));
                    }
                }
            }

            foreach (var live in profiles.All().ToList())
            {
                if (!desired.Contains((live.Endpoint, live.Model, live.Version)))
                {
                    profiles.Uninstall(live.Endpoint, live.Model, live.Version);
                }
            }

            profiles.CloseDue();
            await ApplyRetentionAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReconcileInterval, time);
        try
        {
            do
            {
                try
                {
                    await ReconcileAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(logger, workspace.Name, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: open windows are dropped (closed ones are stored already).
        }
    }

    /// <returns>True when the version is (now) counted.</returns>
    private async Task<bool> InstallAsync(string endpoint, string model, int version, WindowSettings windows, CancellationToken ct)
    {
        if (await references.GetAsync(model, version, ct).ConfigureAwait(false) is not { } reference)
        {
            return false;
        }

        var live = profiles.Find(endpoint, model, version);
        if (live is not null && live.Settings == windows && live.Reference.CreatedAt == reference.CreatedAt && live.Reference.DataDigest == reference.DataDigest)
        {
            return true;
        }

        if (await models.GetVersionAsync(model, version, ct).ConfigureAwait(false) is not { } registered)
        {
            return false;
        }

        try
        {
            var layout = FeatureLayout.For(registered.Signature, reference.Profile);
            profiles.Install(endpoint, reference, layout.Features, layout.Outputs, layout.Probability, windows);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or ProfileDataException)
        {
            LogUnusable(logger, model, version, ex.Message);
            return false;
        }
    }

    private async Task ApplyRetentionAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (now - _lastRetention < TimeSpan.FromHours(1))
        {
            return;
        }

        _lastRetention = now;
        await store.DeleteWindowsBeforeAsync(now - options.Value.Retention, ct).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Matching live profiles with the endpoints of workspace {Workspace} failed; retrying on the next tick")]
    private static partial void LogFailed(ILogger logger, string workspace, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reference profile of {Model}@{Version} does not fit the model; its traffic is not monitored: {Problem}")]
    private static partial void LogUnusable(ILogger logger, string model, int version, string problem);
}
