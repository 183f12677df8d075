namespace Modelplane.Serving.Analysis;

/// <summary>What canary analysis concluded about a rollout step.</summary>
public enum AnalysisOutcome
{
    /// <summary>Every judged check is within its threshold: the rollout may proceed.</summary>
    Passed,

    /// <summary>At least one check exceeded its threshold: the rollout should roll back.</summary>
    Failed,

    /// <summary>One side has too few requests to judge: the rollout should keep baking.</summary>
    InsufficientData,
}

/// <summary>A canary analysis result with the reasons a person needs to trust or question it.</summary>
/// <param name="Outcome">The conclusion.</param>
/// <param name="Reasons">One sentence per failed check (or why there was no judgement), naming figure and threshold;
/// empty when passed.</param>
/// <param name="Figures">The numbers compared, for dashboards and the rollout history.</param>
public sealed record AnalysisVerdict(AnalysisOutcome Outcome, IReadOnlyList<string> Reasons, AnalysisFigures Figures);

/// <summary>The numbers a verdict rests on; a figure is null when it was not computed.</summary>
/// <remarks>With insufficient data only the request counts are set, so no partial figure is mistaken for a judgement.</remarks>
public sealed record AnalysisFigures
{
    /// <summary>Requests in the baseline window.</summary>
    public long BaselineRequests { get; init; }

    /// <summary>Requests in the canary window.</summary>
    public long CanaryRequests { get; init; }

    /// <summary>The baseline's share of requests answered with a 5xx, from 0 to 1.</summary>
    public double? BaselineErrorRate { get; init; }

    /// <summary>The canary's share of requests answered with a 5xx, from 0 to 1.</summary>
    public double? CanaryErrorRate { get; init; }

    /// <summary>Canary error rate minus baseline error rate; negative when the canary errs less.</summary>
    public double? ErrorRateDelta { get; init; }

    /// <summary>The baseline's measured 95th-percentile latency in milliseconds (nearest rank).</summary>
    public double? BaselineP95Ms { get; init; }

    /// <summary>The canary's measured 95th-percentile latency in milliseconds (nearest rank).</summary>
    public double? CanaryP95Ms { get; init; }

    /// <summary>Canary p95 over baseline p95, each first raised to the latency floor.</summary>
    public double? P95Ratio { get; init; }

    /// <summary>The Population Stability Index of canary predictions against the baseline's; null when either side
    /// had too few predictions to judge.</summary>
    public double? Psi { get; init; }
}
