namespace Modelplane.Governance.Policies;

/// <summary>What a workspace's admission policy is checked for.</summary>
public enum PolicyAction
{
    /// <summary>An endpoint is created for the version, or an endpoint is switched to it.</summary>
    Deploy,

    /// <summary>The version moves to the MLflow stage Staging or Production.</summary>
    Promote,

    /// <summary>An alias is pointed at the version.</summary>
    Alias,
}

/// <summary>Wire names of <see cref="PolicyAction"/>: <c>deploy</c>, <c>promote</c>, <c>alias</c>.</summary>
public static class PolicyActions
{
    /// <summary>Every action, the default of <c>applies_to</c>.</summary>
    public static IReadOnlySet<PolicyAction> All { get; } = new HashSet<PolicyAction>(Enum.GetValues<PolicyAction>());

    /// <summary>The wire name.</summary>
    public static string Name(PolicyAction action) => action.ToString().ToLowerInvariant();

    /// <summary>Parses a wire name (exact, lower case).</summary>
    public static bool TryParse(string? text, out PolicyAction action)
    {
        foreach (var candidate in Enum.GetValues<PolicyAction>())
        {
            if (string.Equals(text, Name(candidate), StringComparison.Ordinal))
            {
                action = candidate;
                return true;
            }
        }

        action = default;
        return false;
    }
}
