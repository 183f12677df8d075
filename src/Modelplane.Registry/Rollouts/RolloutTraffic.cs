namespace Modelplane.Registry.Rollouts;

/// <summary>
/// How a transition shares the endpoint's requests between the rollout's two versions: the canary's percent, where 0 and
/// 100 mean one version alone (the endpoint points at it and its split ends) and anything between is a split.
/// </summary>
/// <remarks>Only the rollout's own two versions can be named, so a transition cannot send requests anywhere else.</remarks>
public sealed record RolloutTraffic
{
    private RolloutTraffic(int canaryPercent) => CanaryPercent = canaryPercent;

    /// <summary>The baseline alone: what a rollback leaves.</summary>
    public static RolloutTraffic BaselineOnly { get; } = new(0);

    /// <summary>The canary alone: what a promotion leaves.</summary>
    public static RolloutTraffic CanaryOnly { get; } = new(100);

    /// <summary>The canary's percent of requests, 0 to 100.</summary>
    public int CanaryPercent { get; }

    /// <summary>The baseline's percent of requests.</summary>
    public int BaselinePercent => 100 - CanaryPercent;

    /// <summary>True when both versions take requests.</summary>
    public bool IsSplit => CanaryPercent is > 0 and < 100;

    /// <summary>The canary takes <paramref name="canaryPercent"/> (0 to 100) and the baseline the rest.</summary>
    public static RolloutTraffic Split(int canaryPercent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(canaryPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(canaryPercent, 100);
        return new(canaryPercent);
    }
}
