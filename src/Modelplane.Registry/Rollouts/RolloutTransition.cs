namespace Modelplane.Registry.Rollouts;

/// <summary>
/// A change of a rollout's state or step, applied only if the rollout still stands where the caller saw it
/// (<paramref name="ExpectedState"/> at <paramref name="ExpectedStepIndex"/>), so two deciders cannot both move it.
/// </summary>
/// <param name="RolloutId">The rollout to change.</param>
/// <param name="ExpectedState">The state the caller read; must be running or paused (an ended rollout never changes).</param>
/// <param name="ExpectedStepIndex">The step index the caller read.</param>
/// <param name="State">The new state.</param>
/// <param name="StepIndex">The new step index, within the plan's steps.</param>
/// <param name="Traffic">The endpoint's traffic after the change; null leaves it as it is (a pause). Promotion needs
/// <see cref="RolloutTraffic.CanaryOnly"/> and rollback <see cref="RolloutTraffic.BaselineOnly"/>.</param>
/// <param name="Actor">A user name, or <see cref="RolloutEventKinds.Controller"/>.</param>
/// <param name="Kind">The event kind written for it (<see cref="RolloutEventKinds"/>).</param>
/// <param name="Reason">Why; kept on the rollout while paused or ended, and in the event.</param>
public sealed record RolloutTransition(
    long RolloutId,
    RolloutState ExpectedState,
    int ExpectedStepIndex,
    RolloutState State,
    int StepIndex,
    RolloutTraffic? Traffic,
    string Actor,
    string Kind,
    string Reason)
{
    /// <summary>The figures the decision was based on, as JSON stored with the event; null for a person's decision.</summary>
    public string? FiguresJson { get; init; }
}
