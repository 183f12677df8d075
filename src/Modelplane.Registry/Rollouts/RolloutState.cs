namespace Modelplane.Registry.Rollouts;

/// <summary>Where a rollout stands; the controller resumes running and paused rollouts after a restart.</summary>
public enum RolloutState
{
    /// <summary>The canary takes the current step's share and the controller judges it when the step has baked.</summary>
    Running,

    /// <summary>Held at the current step's share (by a person or the controller) until resumed, promoted, rolled back or aborted.</summary>
    Paused,

    /// <summary>Ended: the canary serves every request and carries the <c>champion</c> alias.</summary>
    Promoted,

    /// <summary>Ended: the baseline serves every request again.</summary>
    RolledBack,

    /// <summary>Ended by a person, leaving the endpoint's traffic as the abort set it.</summary>
    Aborted,
}

/// <summary>The stored and wire names of <see cref="RolloutState"/> (<c>running</c>, <c>rolled_back</c>, ...), and which states are still in progress.</summary>
public static class RolloutStates
{
    /// <summary>The lower_snake name, as stored in <c>rollouts.state</c>.</summary>
    public static string Name(RolloutState state) => state switch
    {
        RolloutState.Running => "running",
        RolloutState.Paused => "paused",
        RolloutState.Promoted => "promoted",
        RolloutState.RolledBack => "rolled_back",
        RolloutState.Aborted => "aborted",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a rollout state."),
    };

    /// <summary>Parses a lower_snake name; false (and <see cref="RolloutState.Running"/>) for anything else.</summary>
    public static bool TryParse(string? text, out RolloutState state)
    {
        (state, var known) = text switch
        {
            "running" => (RolloutState.Running, true),
            "paused" => (RolloutState.Paused, true),
            "promoted" => (RolloutState.Promoted, true),
            "rolled_back" => (RolloutState.RolledBack, true),
            "aborted" => (RolloutState.Aborted, true),
            _ => (RolloutState.Running, false),
        };
        return known;
    }

    /// <summary>True for running and paused: the rollout still owns its endpoint's traffic, so no other may start there.</summary>
    public static bool IsActive(RolloutState state) => state is RolloutState.Running or RolloutState.Paused;
}
