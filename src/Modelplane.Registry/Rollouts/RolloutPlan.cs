namespace Modelplane.Registry.Rollouts;

/// <summary>How a rollout advances and what the controller accepts from the canary before each next step.</summary>
/// <param name="Steps">The canary's percent of the endpoint's requests at each step, increasing and ending at 100.</param>
/// <param name="Bake">How long each step runs before it is judged.</param>
/// <param name="MaxErrorRateDelta">The most the canary's error rate may exceed the baseline's, as a fraction of requests (0.01: one point).</param>
/// <param name="MaxP95LatencyRatio">The most the canary's p95 latency may be, as a multiple of the baseline's.</param>
/// <param name="MaxPredictionPsi">The largest population stability index between the two versions' predictions.</param>
/// <param name="MinRequests">The requests each version must have answered in a step before it can be judged.</param>
/// <remarks>The store refuses a plan that breaks <see cref="RolloutRules.Problem(RolloutPlan)"/>.</remarks>
public sealed record RolloutPlan(
    IReadOnlyList<int> Steps,
    TimeSpan Bake,
    double MaxErrorRateDelta,
    double MaxP95LatencyRatio,
    double MaxPredictionPsi,
    int MinRequests)
{
    /// <summary>Value equality, the steps compared one by one (a record would compare the list's reference).</summary>
    public bool Equals(RolloutPlan? other) =>
        other is not null && Bake == other.Bake && MaxErrorRateDelta.Equals(other.MaxErrorRateDelta)
        && MaxP95LatencyRatio.Equals(other.MaxP95LatencyRatio) && MaxPredictionPsi.Equals(other.MaxPredictionPsi)
        && MinRequests == other.MinRequests && Steps.SequenceEqual(other.Steps);

    public override int GetHashCode() => HashCode.Combine(Steps.Count, Bake, MaxErrorRateDelta, MaxP95LatencyRatio, MaxPredictionPsi, MinRequests);
}
