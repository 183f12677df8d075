namespace Modelplane.Registry.Rollouts;

/// <summary>
/// Persists rollouts: the state machine and its history live in the metadata database, so a killed server resumes a
/// rollout where it stood, and each change moves the endpoint's traffic in the same transaction as the state.
/// </summary>
public interface IRolloutStore
{
    /// <summary>
    /// Starts a rollout in <see cref="RolloutState.Running"/> at step 0 and, in the same transaction, gives the canary the
    /// first step's share of the endpoint's requests (a split, or the canary alone when the first step is 100) and writes
    /// a <see cref="RolloutEventKinds.Started"/> event. Any split the endpoint had is replaced.
    /// </summary>
    /// <exception cref="Models.RegistryValidationException">The request or its plan breaks <see cref="RolloutRules"/>.</exception>
    /// <exception cref="Storage.ResourceNotFoundException">The endpoint or either version does not exist.</exception>
    /// <exception cref="Storage.ResourceConflictException">The endpoint already has an active rollout, or does not serve the baseline.</exception>
    Task<Rollout> StartAsync(NewRollout start, CancellationToken ct);

    /// <summary>Returns the endpoint's running or paused rollout, or null.</summary>
    Task<Rollout?> GetActiveAsync(string endpoint, CancellationToken ct);

    /// <summary>Returns the endpoint's most recently started rollout in any state, or null.</summary>
    Task<Rollout?> GetLatestAsync(string endpoint, CancellationToken ct);

    /// <summary>Lists every running or paused rollout, ordered by endpoint: what a controller picks up after a restart.</summary>
    Task<IReadOnlyList<Rollout>> ListActiveAsync(CancellationToken ct);

    /// <summary>Returns a rollout's history ordered by <see cref="RolloutEvent.Sequence"/>; empty for an unknown rollout.</summary>
    Task<IReadOnlyList<RolloutEvent>> EventsAsync(long rolloutId, CancellationToken ct);

    /// <summary>
    /// Applies <paramref name="transition"/> if the rollout is still in its expected state and step, in one transaction
    /// with its event, the endpoint's traffic and, on promotion, the canary model's <see cref="RolloutRules.PromotedAlias"/>
    /// alias. The bake restarts (<see cref="Rollout.StepStartedAt"/> is now) whenever the state or step changes.
    /// </summary>
    /// <returns>The changed rollout; null when it has moved since the caller read it (or no longer exists), with nothing written.</returns>
    /// <exception cref="Models.RegistryValidationException">The transition breaks <see cref="RolloutRules.Problem(RolloutTransition, RolloutPlan)"/>.</exception>
    Task<Rollout?> TransitionAsync(RolloutTransition transition, CancellationToken ct);

    /// <summary>
    /// Records an event that changes no state (a judgement, too little data, a resume after restart). The store assigns
    /// <see cref="RolloutEvent.Sequence"/>; every other field is stored as given.
    /// </summary>
    /// <returns>The stored event, with its sequence.</returns>
    /// <exception cref="Models.RegistryValidationException">Actor, kind or reason is blank, or the figures are not JSON.</exception>
    /// <exception cref="Storage.ResourceNotFoundException">The rollout does not exist.</exception>
    Task<RolloutEvent> AppendEventAsync(RolloutEvent rolloutEvent, CancellationToken ct);
}
