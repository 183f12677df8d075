namespace Modelplane.Client.Contracts;

/// <summary>Body of <c>POST /api/v1/endpoints/{name}/rollout</c>: move the endpoint to <see cref="Model"/>@<see cref="Version"/> step by step.</summary>
/// <param name="Model">The new version's model.</param>
/// <param name="Version">The new version.</param>
/// <param name="Steps">The canary's percent of requests per step, increasing, ending at 100 (e.g. 5, 25, 50, 100).</param>
/// <param name="BakeSeconds">How long each step runs before the canary is judged against the baseline.</param>
public sealed record StartRolloutRequest(string Model, int Version, IReadOnlyList<int> Steps, double BakeSeconds)
{
    /// <summary>Most the canary's error rate may exceed the baseline's (0.01 = one point); default 0.01.</summary>
    public double? MaxErrorRateDelta { get; init; }

    /// <summary>Most the canary's p95 latency may be as a multiple of the baseline's; default 1.5.</summary>
    public double? MaxP95LatencyRatio { get; init; }

    /// <summary>Most the population stability index of the canary's predictions against the baseline's may be; default 0.2.</summary>
    public double? MaxPredictionPsi { get; init; }

    /// <summary>Requests each side needs in a step before it is judged; default 200.</summary>
    public int? MinRequests { get; init; }
}

/// <summary>A rollout: where it stands, its plan, what it sees now and everything that happened to it.</summary>
public sealed record RolloutDto(long Id, string Endpoint, string BaselineModel, int BaselineVersion, string CanaryModel, int CanaryVersion, string State)
{
    /// <summary>The canary's percent per step.</summary>
    public IReadOnlyList<int> Steps { get; init; } = [];

    /// <summary>0-based index of the step in effect.</summary>
    public int StepIndex { get; init; }

    /// <summary>The canary's percent of requests now.</summary>
    public int StepPercent { get; init; }

    /// <summary>How long each step bakes, in seconds.</summary>
    public double BakeSeconds { get; init; }

    /// <summary>The thresholds of the analysis.</summary>
    public double MaxErrorRateDelta { get; init; }

    /// <inheritdoc cref="StartRolloutRequest.MaxP95LatencyRatio"/>
    public double MaxP95LatencyRatio { get; init; }

    /// <inheritdoc cref="StartRolloutRequest.MaxPredictionPsi"/>
    public double MaxPredictionPsi { get; init; }

    /// <inheritdoc cref="StartRolloutRequest.MinRequests"/>
    public int MinRequests { get; init; }

    /// <summary>When the current step began.</summary>
    public DateTimeOffset StepStartedAt { get; init; }

    /// <summary>When the current step's bake ends (running rollouts only).</summary>
    public DateTimeOffset? BakeEndsAt { get; init; }

    /// <summary>Who started it, and when.</summary>
    public string CreatedBy { get; init; } = "";

    /// <inheritdoc cref="CreatedBy"/>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Why it is paused or ended.</summary>
    public string? Reason { get; init; }

    /// <summary>The current step's traffic so far on the answering node; null when the rollout is not active there.</summary>
    public RolloutLiveDto? Live { get; init; }

    /// <summary>Every transition and judgement, oldest first.</summary>
    public IReadOnlyList<RolloutEventDto> Events { get; init; } = [];
}

/// <summary>Requests and server errors of baseline and canary in the current step so far.</summary>
public sealed record RolloutLiveDto(long BaselineRequests, long BaselineErrors, long CanaryRequests, long CanaryErrors);

/// <summary>One thing that happened to a rollout: who (a user or <c>controller</c>), what, why, and the figures judged.</summary>
public sealed record RolloutEventDto(long Sequence, DateTimeOffset At, string Actor, string Kind, string? From, string? To, string Reason)
{
    /// <summary>The analysis figures behind a controller's decision; null for a person's.</summary>
    public RolloutFiguresDto? Figures { get; init; }
}

/// <summary>What canary analysis compared at the end of a bake; a figure is null when it was not computed.</summary>
public sealed record RolloutFiguresDto(long BaselineRequests, long CanaryRequests)
{
    public double? BaselineErrorRate { get; init; }

    public double? CanaryErrorRate { get; init; }

    public double? ErrorRateDelta { get; init; }

    public double? BaselineP95Ms { get; init; }

    public double? CanaryP95Ms { get; init; }

    public double? P95Ratio { get; init; }

    public double? Psi { get; init; }

    /// <summary><c>accuracy</c> or <c>mae</c> when labels were judged; null when too few labeled requests arrived.</summary>
    public string? QualityMetric { get; init; }

    public double? BaselineQuality { get; init; }

    public double? CanaryQuality { get; init; }

    public int? BaselineLabeled { get; init; }

    public int? CanaryLabeled { get; init; }
}
