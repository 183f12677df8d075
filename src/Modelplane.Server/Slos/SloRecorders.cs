using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;
using Modelplane.Registry.Slos;
using Modelplane.Server.Telemetry;

namespace Modelplane.Server.Slos;

/// <summary>
/// Every workspace's SLO counts on this node, shared by the application and its workspaces: the inference telemetry
/// resolves an endpoint's <see cref="SloCell"/> when it builds the route, the workspace's flusher drains them. Also
/// owns the SLO series on <c>/metrics</c> (<see cref="SloMetricNames"/>), which the exported Prometheus rules read.
/// </summary>
internal sealed class SloRecorders
{
    private readonly ConcurrentDictionary<string, SloAccumulator> _workspaces = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public SloRecorders(ModelplaneMeter meter, TimeProvider time, IOptions<SloOptions> options)
    {
        _time = time;
        // Instrument names that the Prometheus exposition turns into SloMetricNames (unit "1" adds "_ratio").
        var m = meter.Meter;
        m.CreateObservableCounter("modelplane.slo.events", () => Totals(bad: false), null, "Events SLO objectives judged, by endpoint and objective.");
        m.CreateObservableCounter("modelplane.slo.bad_events", () => Totals(bad: true), null,
            "Events that missed their SLO objective (5xx, slower than the threshold).");
        m.CreateObservableGauge("modelplane.slo.target", () => Published(p => p.Target), "1", "The SLO objective's target ratio.");
        m.CreateObservableGauge("modelplane.slo.error_budget_remaining", () => Published(p => p.BudgetRemaining), "1",
            "The share of the objective's error budget left over its window.");
        NodeId = options.Value.NodeId ?? $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>This process's name in the minute counts.</summary>
    public string NodeId { get; }

    /// <summary>The counts of <paramref name="workspace"/>.</summary>
    public SloAccumulator For(string workspace) => _workspaces.GetOrAdd(workspace, w => new SloAccumulator(w, this));

    internal SloCell NewCell(string endpoint) => new(endpoint, _time);

    private IEnumerable<Measurement<long>> Totals(bool bad)
    {
        foreach (var accumulator in _workspaces.Values)
        {
            foreach (var cell in accumulator.Cells)
            {
                var totals = cell.Totals;
                yield return Measure(bad ? totals.AvailabilityBad : totals.AvailabilityEvents, accumulator.Workspace, cell.Endpoint, SloObjectives.Availability);
                if (totals.LatencyEvents > 0)
                {
                    yield return Measure(bad ? totals.LatencyBad : totals.LatencyEvents, accumulator.Workspace, cell.Endpoint, SloObjectives.Latency);
                }
            }
        }
    }

    private IEnumerable<Measurement<double>> Published(Func<PublishedObjective, double> figure) =>
        _workspaces.Values.SelectMany(a => a.Objectives.Select(o => Measure(figure(o.Value), a.Workspace, o.Key.Endpoint, o.Key.Objective)));

    private static Measurement<T> Measure<T>(T value, string workspace, string endpoint, string objective)
        where T : struct =>
        new(value, new("workspace", workspace), new("endpoint", endpoint), new("objective", objective));
}

/// <summary>An objective's target and budget left, as last evaluated.</summary>
internal sealed record PublishedObjective(double Target, double BudgetRemaining);

/// <summary>One workspace's SLO counts on this node, one <see cref="SloCell"/> per endpoint.</summary>
internal sealed class SloAccumulator(string workspace, SloRecorders owner)
{
    private readonly ConcurrentDictionary<string, SloCell> _cells = new(StringComparer.Ordinal);

    public string Workspace => workspace;

    /// <summary>The endpoint's cell (the same one for the life of the process); called when a route is built, not per request.</summary>
    public SloCell Cell(string endpoint) => _cells.GetOrAdd(endpoint, owner.NewCell);

    /// <summary>Every endpoint counted so far.</summary>
    public ICollection<SloCell> Cells => _cells.Values;

    /// <summary>Publishes an objective's target and budget left on <c>/metrics</c>.</summary>
    public void Publish(string endpoint, string objective, double target, double budgetRemaining) =>
        Objectives[(endpoint, objective)] = new PublishedObjective(target, budgetRemaining);

    /// <summary>Stops publishing an objective that was removed.</summary>
    public void Unpublish(string endpoint, string objective) => Objectives.TryRemove((endpoint, objective), out _);

    /// <summary>What <c>/metrics</c> shows as each objective's target and budget left.</summary>
    internal ConcurrentDictionary<(string Endpoint, string Objective), PublishedObjective> Objectives { get; } = new();
}
