namespace Modelplane.Governance.Access;

/// <summary>What a caller may do in a workspace. A token carries exactly one role.</summary>
public enum Role
{
    /// <summary>Reads everything in the workspace and calls its models.</summary>
    Viewer,

    /// <summary>A viewer who also pushes models and creates endpoints in the sandbox state.</summary>
    Developer,

    /// <summary>A developer who also changes traffic, makes endpoints live and starts rollouts.</summary>
    Deployer,

    /// <summary>A viewer who also approves or rejects versions; deliberately not a developer (separation of duties).</summary>
    Approver,

    /// <summary>Everything, including members, tokens, policies and secrets.</summary>
    Admin,
}
