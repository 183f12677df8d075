namespace Modelplane.Server.Rollouts;

/// <summary>What a person can do to an active rollout.</summary>
internal enum RolloutAction
{
    Pause,
    Resume,
    Promote,
    Abort,
    Rollback,
}

/// <summary>A person's action does not apply to the rollout as it stands (409, with what to do instead).</summary>
internal sealed class RolloutActionException(string message) : Exception(message);
