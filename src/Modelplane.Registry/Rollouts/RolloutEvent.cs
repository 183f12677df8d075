namespace Modelplane.Registry.Rollouts;

/// <summary>One entry of a rollout's history: a change of state or step, or a judgement that changed nothing.</summary>
/// <param name="Sequence">Assigned by the store, increasing; the history is read in this order.</param>
/// <param name="RolloutId">The rollout it belongs to.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">A user name, or <c>controller</c>.</param>
/// <param name="Kind">What happened; one of <see cref="RolloutEventKinds"/>.</param>
/// <param name="From">The state and step before, for changes (e.g. <c>running at step 2 of 4 (25%)</c>).</param>
/// <param name="To">The state and step after, for changes.</param>
/// <param name="Reason">Why, in words a person reads in the history.</param>
/// <param name="FiguresJson">The figures a judgement was based on, as JSON the store keeps without reading it.</param>
public sealed record RolloutEvent(
    long Sequence,
    long RolloutId,
    DateTimeOffset At,
    string Actor,
    string Kind,
    string? From,
    string? To,
    string Reason,
    string? FiguresJson);

/// <summary>The kinds of <see cref="RolloutEvent"/>, so the controller, the API and the history agree on the words.</summary>
public static class RolloutEventKinds
{
    /// <summary>The rollout began at its first step.</summary>
    public const string Started = "started";

    /// <summary>It moved to another step.</summary>
    public const string Step = "step";

    /// <summary>It was held at its step.</summary>
    public const string Paused = "paused";

    /// <summary>A paused rollout runs again.</summary>
    public const string Resumed = "resumed";

    /// <summary>The canary took every request and the champion alias.</summary>
    public const string Promoted = "promoted";

    /// <summary>The baseline took every request back.</summary>
    public const string RolledBack = "rolled_back";

    /// <summary>A person ended it.</summary>
    public const string Aborted = "aborted";

    /// <summary>A step was judged and nothing changed (yet).</summary>
    public const string Judged = "judged";

    /// <summary>A step had baked but too few requests to judge; it keeps running.</summary>
    public const string InsufficientData = "insufficient_data";

    /// <summary>A controller picked the rollout up again after the server restarted.</summary>
    public const string ResumedAfterRestart = "resumed_after_restart";

    /// <summary>The name of the actor when the controller, not a person, acted.</summary>
    public const string Controller = "controller";
}
