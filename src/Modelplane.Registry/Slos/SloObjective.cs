namespace Modelplane.Registry.Slos;

/// <summary>The objectives an endpoint's SLO can have.</summary>
public static class SloObjectives
{
    /// <summary>The share of requests not answered with a 5xx.</summary>
    public const string Availability = "availability";

    /// <summary>The share of requests answered within the objective's threshold.</summary>
    public const string Latency = "latency";

    /// <summary>The share of labelled predictions judged good (counted by drift and quality monitoring).</summary>
    public const string Quality = "quality";

    /// <summary>Every objective, in the order they are shown.</summary>
    public static IReadOnlyList<string> All { get; } = [Availability, Latency, Quality];
}

/// <summary>One objective of an endpoint's SLO: a target share of good events over a rolling window.</summary>
/// <param name="Target">The share of good events aimed for, strictly between 0 and 1 (0.999 for 99.9%).</param>
/// <param name="Window">The rolling compliance window, e.g. 30 days.</param>
/// <param name="ThresholdMs">The latency objective's bound in milliseconds (slower is bad); null for the others.</param>
public sealed record SloObjective(string Endpoint, string Objective, double Target, TimeSpan Window, double? ThresholdMs)
{
    /// <summary>The shortest window accepted.</summary>
    public static readonly TimeSpan MinWindow = TimeSpan.FromHours(1);

    /// <summary>The longest window accepted (how long minute counts are kept).</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(90);

    /// <summary>When the objective was last set.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Who last set it.</summary>
    public string UpdatedBy { get; init; } = "";

    /// <summary>Null when the objective is valid, else what is wrong with it (naming the field).</summary>
    public string? Problem() =>
        !SloObjectives.All.Contains(Objective) ? $"objective '{Objective}' is not one of {string.Join(", ", SloObjectives.All)}."
        : !(Target is > 0 and < 1) ? $"{Objective}.target is {Target}; it is a share strictly between 0 and 1, e.g. 0.999 for 99.9%."
        : Window < MinWindow || Window > MaxWindow ? $"{Objective}.window is {Window}; it is from 1h to 90d, e.g. 30d."
        : Objective == SloObjectives.Latency && ThresholdMs is not (> 0 and <= 3_600_000) ? $"latency.thresholdMs is {ThresholdMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}; it is more than 0 and at most 3600000 (an hour)."
        : Objective != SloObjectives.Latency && ThresholdMs is not null ? $"{Objective}.thresholdMs applies to the latency objective only."
        : null;
}

/// <summary>Events and bad events an objective counted in one minute on one node.</summary>
/// <param name="Minute">Unix epoch minutes (UTC) of the minute's start.</param>
/// <param name="Node">The server process that counted them; several replicas' rows add up.</param>
public sealed record SloMinuteCount(string Endpoint, string Objective, long Minute, string Node, long Events, long Bad);

/// <summary>Events and bad events over some range of minutes.</summary>
public readonly record struct SloCount(long Events, long Bad);
