using System.Globalization;

namespace Modelplane.Registry.Rollouts;

/// <summary>The rules a rollout must follow; the store applies them, and the API can give the same message before it calls.</summary>
public static class RolloutRules
{
    /// <summary>The longest bake a step may have; a longer one is more likely a unit mistake than a plan.</summary>
    public static readonly TimeSpan MaxBake = TimeSpan.FromDays(7);

    /// <summary>The most requests a step may wait for before it can be judged.</summary>
    public const int MaxMinRequests = 1_000_000;

    /// <summary>The alias a promotion moves to the canary, so that callers resolving it follow the rollout.</summary>
    public const string PromotedAlias = "champion";

    /// <summary>Null when <paramref name="plan"/> is valid, else a message naming the first problem and the value given.</summary>
    public static string? Problem(RolloutPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return StepsProblem(plan.Steps) ?? ThresholdsProblem(plan);
    }

    /// <summary>Null when <paramref name="start"/> is a valid request (its plan included), else why not.</summary>
    public static string? Problem(NewRollout start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (string.IsNullOrWhiteSpace(start.Endpoint) || string.IsNullOrWhiteSpace(start.BaselineModel) || string.IsNullOrWhiteSpace(start.CanaryModel))
        {
            return "endpoint, baseline model and canary model must be given";
        }

        if (string.IsNullOrWhiteSpace(start.Actor))
        {
            return "the actor who starts the rollout must be named";
        }

        if (start.BaselineModel == start.CanaryModel && start.BaselineVersion == start.CanaryVersion)
        {
            return $"the canary {start.CanaryModel}@{start.CanaryVersion} is the baseline; a rollout moves to another version";
        }

        return Problem(start.Plan);
    }

    /// <summary>Null when <paramref name="transition"/> may apply to a rollout following <paramref name="plan"/>, else why not.</summary>
    public static string? Problem(RolloutTransition transition, RolloutPlan plan)
    {
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(plan);
        if (!RolloutStates.IsActive(transition.ExpectedState))
        {
            return $"a rollout that is {RolloutStates.Name(transition.ExpectedState)} has ended and cannot change";
        }

        if (transition.StepIndex < 0 || transition.StepIndex >= plan.Steps.Count)
        {
            return $"step index must be from 0 to {plan.Steps.Count - 1}; got {transition.StepIndex}";
        }

        if (string.IsNullOrWhiteSpace(transition.Actor) || string.IsNullOrWhiteSpace(transition.Kind) || string.IsNullOrWhiteSpace(transition.Reason))
        {
            return "a transition needs an actor, a kind and a reason";
        }

        return transition.State switch
        {
            RolloutState.Promoted when transition.Traffic != RolloutTraffic.CanaryOnly =>
                "a promotion sends every request to the canary; its traffic must be CanaryOnly",
            RolloutState.RolledBack when transition.Traffic != RolloutTraffic.BaselineOnly =>
                "a rollback sends every request to the baseline; its traffic must be BaselineOnly",
            _ => null,
        };
    }

    /// <summary>A duration as people write it in a plan: <c>90s</c>, <c>5m</c>, <c>2h</c>, <c>7d</c>, or milliseconds.</summary>
    public static string Format(TimeSpan duration) =>
        duration == TimeSpan.Zero ? "0s"
        : duration.Ticks % TimeSpan.TicksPerDay == 0 ? $"{duration.Ticks / TimeSpan.TicksPerDay}d"
        : duration.Ticks % TimeSpan.TicksPerHour == 0 ? $"{duration.Ticks / TimeSpan.TicksPerHour}h"
        : duration.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{duration.Ticks / TimeSpan.TicksPerMinute}m"
        : duration.Ticks % TimeSpan.TicksPerSecond == 0 ? $"{duration.Ticks / TimeSpan.TicksPerSecond}s"
        : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds}ms");

    private static string? StepsProblem(IReadOnlyList<int>? steps)
    {
        if (steps is null || steps.Count == 0)
        {
            return "steps must not be empty; give the canary's percent of traffic at each step, e.g. 5,25,50,100";
        }

        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is < 1 or > 100)
            {
                return $"each step must be a percent from 1 to 100; got {steps[i]}";
            }

            if (i > 0 && steps[i] <= steps[i - 1])
            {
                return $"steps must increase: {steps[i - 1]} then {steps[i]}";
            }
        }

        return steps[^1] == 100 ? null : $"the last step must be 100, so the canary takes every request before promotion; got {steps[^1]}";
    }

    private static string? ThresholdsProblem(RolloutPlan plan) =>
        plan.Bake <= TimeSpan.Zero ? $"bake must be positive; got {Format(plan.Bake)}"
        : plan.Bake > MaxBake ? $"bake must be at most {Format(MaxBake)}; got {Format(plan.Bake)}"
        : !(plan.MaxErrorRateDelta is >= 0 and <= 1) ? Invariant($"max_error_rate_delta must be a fraction from 0 to 1; got {plan.MaxErrorRateDelta}")
        : !(double.IsFinite(plan.MaxP95LatencyRatio) && plan.MaxP95LatencyRatio >= 1)
            ? Invariant($"max_p95_latency_ratio must be at least 1 (the canary's p95 over the baseline's); got {plan.MaxP95LatencyRatio}")
        : !(double.IsFinite(plan.MaxPredictionPsi) && plan.MaxPredictionPsi > 0) ? Invariant($"max_prediction_psi must be positive; got {plan.MaxPredictionPsi}")
        : plan.MinRequests is < 1 or > MaxMinRequests ? $"min_requests must be from 1 to 1,000,000; got {plan.MinRequests}"
        : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
