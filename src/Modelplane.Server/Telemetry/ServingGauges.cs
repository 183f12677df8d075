using System.Diagnostics.Metrics;
using System.Globalization;
using Modelplane.Serving.Routing;
using Modelplane.Server.Hosting.Overload;
using Modelplane.Server.Workspaces;

namespace Modelplane.Server.Telemetry;

/// <summary>
/// Gauges and counters read at collection time from what serving keeps anyway: each loaded version's occupancy, each
/// endpoint's shadow and cascade counts, and rate-limit refusals. Nothing here costs a request anything.
/// </summary>
internal sealed class ServingGauges
{
    private readonly IServiceProvider _application;
    private readonly WorkspaceHosts _hosts;

    public ServingGauges(ModelplaneMeter meter, IServiceProvider application, WorkspaceHosts hosts, QueueDelayMonitor queueDelay, OverloadCounters overload)
    {
        _application = application;
        _hosts = hosts;
        var m = meter.Meter;
        m.CreateObservableUpDownCounter("modelplane.inference.in_flight", () => Runners(o => o.Running + o.Queued), null,
            "Inference calls inside a loaded version now: executing or waiting for a slot or a batch.");
        m.CreateObservableUpDownCounter("modelplane.inference.queue_depth", () => Runners(o => o.Queued), null,
            "Inference calls waiting for a slot or a batch of a loaded version now.");
        m.CreateObservableCounter("modelplane.shadow.copies", ShadowCopies, null,
            "Shadow copies by outcome: compared with the answer, failed on the challenger, or dropped because too many were in flight.");
        m.CreateObservableGauge("modelplane.shadow.label_agreement", () => ShadowFigure(s => s.LabelMatchRate), "1",
            "Share of compared shadow copies whose top label matched the answer's (classifiers).");
        m.CreateObservableGauge("modelplane.shadow.score_difference", () => ShadowFigure(s => s.MeanAbsoluteScoreDifference), null,
            "Mean absolute difference between the shadow's scores and the answer's over compared copies.");
        m.CreateObservableCounter("modelplane.cascade.requests", Cascades, null,
            "Requests an endpoint's cascade answered with its cheap version, or escalated to the split.");
        m.CreateObservableCounter("modelplane.rate_limited.requests", RateLimited, null,
            "Inference requests refused with 429 by an endpoint's rate limit.");
        m.CreateObservableCounter("modelplane.overload.shed", () => overload.ShedTotal, null,
            "Inference requests refused with 503 because the server's queue stood above its delay target.");
        m.CreateObservableGauge("modelplane.overload.queue_delay", () => queueDelay.LastDelayMs, "ms",
            "How long the last probe waited in the server's work queue before it ran.");
    }

    private IEnumerable<(string Name, IServiceProvider Services)> Workspaces()
    {
        yield return (global::Modelplane.Governance.Workspaces.WorkspaceName.Default, _application);
        foreach (var host in _hosts.Hosts)
        {
            yield return (host.Name, host.Services);
        }
    }

    private IEnumerable<Measurement<int>> Runners(Func<(int Running, int Queued), int> value)
    {
        foreach (var (workspace, services) in Workspaces())
        {
            foreach (var runner in services.GetRequiredService<ModelRuntimeCache>().Loaded())
            {
                yield return new Measurement<int>(value(runner.Occupancy),
                    new("workspace", workspace), new("model", runner.Version.Model),
                    new("version", runner.Version.Version.ToString(CultureInfo.InvariantCulture)));
            }
        }
    }

    private IEnumerable<(string Workspace, ServingRoute Route)> EndpointRoutes() =>
        Workspaces().SelectMany(w => w.Services.GetRequiredService<ServingTable>().EndpointRoutes().Select(r => (w.Name, r)));

    private IEnumerable<Measurement<long>> ShadowCopies()
    {
        foreach (var (workspace, route) in EndpointRoutes())
        {
            if (route.Shadow is { } shadow)
            {
                var stats = shadow.Agreement.Snapshot();
                yield return Outcome(stats.Compared, workspace, route, "compared");
                yield return Outcome(stats.Failed, workspace, route, "failed");
                yield return Outcome(stats.Dropped, workspace, route, "dropped");
            }
        }
    }

    private IEnumerable<Measurement<double>> ShadowFigure(Func<ShadowAgreementSnapshot, double?> figure)
    {
        foreach (var (workspace, route) in EndpointRoutes())
        {
            if (route.Shadow is { } shadow && figure(shadow.Agreement.Snapshot()) is { } value)
            {
                yield return new Measurement<double>(value, new("workspace", workspace), new("endpoint", route.Endpoint));
            }
        }
    }

    private IEnumerable<Measurement<long>> Cascades()
    {
        foreach (var (workspace, route) in EndpointRoutes())
        {
            if (route.Cascade is { } cascade)
            {
                yield return Outcome(cascade.Answered, workspace, route, "answered");
                yield return Outcome(cascade.Escalated, workspace, route, "escalated");
            }
        }
    }

    private IEnumerable<Measurement<long>> RateLimited() =>
        Workspaces().SelectMany(w => w.Services.GetRequiredService<EndpointRateLimits>().Rejections()
            .Select(r => new Measurement<long>(r.Rejected, new("workspace", w.Name), new("endpoint", r.Endpoint))));

    private static Measurement<long> Outcome(long value, string workspace, ServingRoute route, string outcome) =>
        new(value, new("workspace", workspace), new("endpoint", route.Endpoint), new("outcome", outcome));
}
