namespace Modelplane.Registry.Rollouts;

/// <summary>One progressive move of an endpoint from its stable version to a new one, as persisted so that it survives a restart.</summary>
/// <param name="Id">Assigned by the store; never reused.</param>
/// <param name="Endpoint">The endpoint whose traffic moves.</param>
/// <param name="BaselineModel">The model of the stable version the endpoint served when the rollout started.</param>
/// <param name="BaselineVersion">The stable version.</param>
/// <param name="CanaryModel">The model of the new version.</param>
/// <param name="CanaryVersion">The new version.</param>
/// <param name="Plan">The steps, bake time and thresholds.</param>
/// <param name="State">Where it stands.</param>
/// <param name="StepIndex">The 0-based index into <see cref="RolloutPlan.Steps"/> of the step now in effect.</param>
/// <param name="StepStartedAt">When the current step (or state) began; the bake is counted from here.</param>
/// <param name="CreatedAt">When it started.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="CreatedBy">Who started it.</param>
/// <param name="Reason">Why it is paused or ended; null while running.</param>
public sealed record Rollout(
    long Id,
    string Endpoint,
    string BaselineModel,
    int BaselineVersion,
    string CanaryModel,
    int CanaryVersion,
    RolloutPlan Plan,
    RolloutState State,
    int StepIndex,
    DateTimeOffset StepStartedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string CreatedBy,
    string? Reason)
{
    /// <summary>The canary's percent of requests at the current step.</summary>
    public int StepPercent => Plan.Steps[StepIndex];

    /// <summary>True while running or paused (<see cref="RolloutStates.IsActive"/>).</summary>
    public bool IsActive => RolloutStates.IsActive(State);
}
