using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Modelplane.Server.Slos;

/// <summary>
/// Every workspace's SLO counts on this node, shared by the application and its workspaces: the inference telemetry
/// resolves an endpoint's <see cref="SloCell"/> when it builds the route, the workspace's flusher drains them. Also
/// owns the SLO series on <c>/metrics</c> (<see cref="SloMetricNames"/>), which the exported Prometheus rules read.
/// </summary>
internal sealed class SloRecorders
{
    private static readonly string[] Labels = ["workspace", "endpoint", "objective"];

    private readonly ConcurrentDictionary<string, SloAccumulator> _workspaces = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly Counter _events;
    private readonly Counter _bad;

    public SloRecorders(CollectorRegistry registry, TimeProvider time, IOptions<SloOptions> options)
    {
        _time = time;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _events = factory.CreateCounter(SloMetricNames.Events, "Events SLO objectives judged, by endpoint and objective.", Labels);
        _bad = factory.CreateCounter(SloMetricNames.BadEvents, "Events that missed their SLO objective (5xx, slower than the threshold).", Labels);
        Target = factory.CreateGauge(SloMetricNames.Target, "The SLO objective's target ratio.", Labels);
        BudgetRemaining = factory.CreateGauge(SloMetricNames.BudgetRemaining, "The share of the objective's error budget left over its window.", Labels);
        NodeId = options.Value.NodeId ?? $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>This process's name in the minute counts.</summary>
    public string NodeId { get; }

    internal Gauge Target { get; }

    internal Gauge BudgetRemaining { get; }

    /// <summary>The counts of <paramref name="workspace"/>.</summary>
    public SloAccumulator For(string workspace) => _workspaces.GetOrAdd(workspace, w => new SloAccumulator(w, this));

    internal SloCell NewCell(string workspace, string endpoint) => new(endpoint, _time, _events, _bad, workspace);
}

/// <summary>One workspace's SLO counts on this node, one <see cref="SloCell"/> per endpoint.</summary>
internal sealed class SloAccumulator(string workspace, SloRecorders owner)
{
    private readonly ConcurrentDictionary<string, SloCell> _cells = new(StringComparer.Ordinal);

    public string Workspace => workspace;

    /// <summary>The endpoint's cell (the same one for the life of the process); called when a route is built, not per request.</summary>
    public SloCell Cell(string endpoint) => _cells.GetOrAdd(endpoint, e => owner.NewCell(workspace, e));

    /// <summary>Every endpoint counted so far.</summary>
    public ICollection<SloCell> Cells => _cells.Values;

    /// <summary>Publishes an objective's target and budget left on <c>/metrics</c>.</summary>
    public void Publish(string endpoint, string objective, double target, double budgetRemaining)
    {
        owner.Target.WithLabels(workspace, endpoint, objective).Set(target);
        owner.BudgetRemaining.WithLabels(workspace, endpoint, objective).Set(budgetRemaining);
    }

    /// <summary>Stops publishing an objective that was removed.</summary>
    public void Unpublish(string endpoint, string objective)
    {
        owner.Target.RemoveLabelled(workspace, endpoint, objective);
        owner.BudgetRemaining.RemoveLabelled(workspace, endpoint, objective);
    }
}
