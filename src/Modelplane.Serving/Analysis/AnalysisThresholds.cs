using System.ComponentModel.DataAnnotations;

namespace Modelplane.Serving.Analysis;

/// <summary>How much worse than the baseline a canary may be before a rollout step fails, and how much traffic a
/// verdict needs.</summary>
public sealed record AnalysisThresholds
{
    /// <summary>The largest tolerated rise in error rate (canary minus baseline, as a fraction).</summary>
    /// <value>Defaults to 0.01 (one percentage point).</value>
    [Range(0.0, 1.0)]
    public double MaxErrorRateDelta { get; init; } = 0.01;

    /// <summary>The largest tolerated ratio of canary p95 latency to baseline p95 latency.</summary>
    /// <value>Defaults to 1.5.</value>
    [Range(1.0, 1000.0)]
    public double MaxP95LatencyRatio { get; init; } = 1.5;

    /// <summary>The largest tolerated Population Stability Index of canary predictions against baseline predictions.</summary>
    /// <value>Defaults to 0.2, the usual line for a major shift.</value>
    [Range(0.0, 100.0)]
    public double MaxPredictionPsi { get; init; } = 0.2;

    /// <summary>Requests each side needs before any check is judged; fewer gives an insufficient-data verdict.</summary>
    /// <value>Defaults to 200.</value>
    [Range(1, int.MaxValue)]
    public int MinRequests { get; init; } = 200;

    /// <summary>Predictions each side needs before their distributions are compared; fewer leaves PSI unjudged.</summary>
    /// <value>Defaults to 50.</value>
    [Range(1, int.MaxValue)]
    public int MinPredictions { get; init; } = 50;

    /// <summary>The p95 latency below which differences are treated as noise.</summary>
    /// <value>Defaults to 2 ms.</value>
    /// <remarks>
    /// Each side's p95 is raised to this floor before the ratio is taken, so a fast model whose p95 moves from 0.5 ms
    /// to 1.7 ms (a cold session's first runs, a GC pause, scheduler jitter on loopback: measured on this machine with a
    /// freshly loaded canary and 19 requests) is not judged a slowdown. The figures still report the
    /// measured p95s; only the ratio uses the floor. Must be positive, or a zero baseline p95 would divide by zero.
    /// </remarks>
    [Range(typeof(TimeSpan), "00:00:00.0000001", "00:01:00")]
    public TimeSpan LatencyFloor { get; init; } = TimeSpan.FromMilliseconds(2);
}
