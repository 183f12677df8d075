namespace Modelplane.Governance.Policies;

/// <summary>The workspace's policy refuses an action on a version; the hosts answer 403 with every violation.</summary>
public sealed class PolicyRefusedException : Exception
{
    /// <summary>Creates the exception for <paramref name="action"/> on <paramref name="target"/> (<c>model@version</c>).</summary>
    public PolicyRefusedException(PolicyAction action, string target, IReadOnlyList<PolicyViolation> violations)
        : base(Summary(action, target, violations))
    {
        Action = action;
        Violations = violations;
    }

    /// <summary>Creates the exception with a generic message (required by the exception pattern).</summary>
    public PolicyRefusedException()
        : this("The workspace's policy refuses this action.")
    {
    }

    /// <summary>Creates the exception with a message (required by the exception pattern).</summary>
    public PolicyRefusedException(string message)
        : base(message)
    {
        Violations = [];
    }

    /// <summary>Creates the exception wrapping another one (required by the exception pattern).</summary>
    public PolicyRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Violations = [];
    }

    /// <summary>The refused action.</summary>
    public PolicyAction Action { get; }

    /// <summary>Every failed rule.</summary>
    public IReadOnlyList<PolicyViolation> Violations { get; }

    private static string Summary(PolicyAction action, string target, IReadOnlyList<PolicyViolation> violations) =>
        $"The workspace policy refuses to {PolicyActions.Name(action)} {target}: "
        + string.Join(" ", violations.Select(v => $"[{v.Rule}] {v.Message}"));
}
