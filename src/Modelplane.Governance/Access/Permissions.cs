namespace Modelplane.Governance.Access;

/// <summary>One kind of action a route performs; every route declares the one it needs (<see cref="AccessRule"/>).</summary>
[Flags]
public enum Permissions
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Read models, versions, endpoints, statistics, the audit log's own workspace records.</summary>
    Read = 1 << 0,

    /// <summary>Call a model (OIP, MLflow scoring, gRPC).</summary>
    Predict = 1 << 1,

    /// <summary>Push models and versions, edit their metadata, log MLflow runs, create sandbox endpoints.</summary>
    Push = 1 << 2,

    /// <summary>Change what serves traffic: endpoints, aliases, stages, execution settings, loads, rollouts.</summary>
    Deploy = 1 << 3,

    /// <summary>Approve or reject versions.</summary>
    Approve = 1 << 4,

    /// <summary>Members, tokens, policies, secrets and signing keys of the workspace.</summary>
    Administer = 1 << 5,

    /// <summary>Create and delete workspaces: only an admin of the <c>default</c> workspace (the operator) holds it.</summary>
    ManageWorkspaces = 1 << 6,

    /// <summary>
    /// Process-wide views whose series name every workspace's models (<c>/metrics</c>): any role of the <c>default</c>
    /// workspace (the operator's), so a tenant cannot read what other tenants serve.
    /// </summary>
    ObservePlatform = 1 << 7,
}

/// <summary>The permissions each role grants.</summary>
public static class RolePermissions
{
    /// <summary>What <paramref name="role"/> may do in a workspace named <paramref name="workspace"/>.</summary>
    public static Permissions Of(Role role, string workspace)
    {
        const Permissions viewer = Permissions.Read | Permissions.Predict;
        const Permissions developer = viewer | Permissions.Push;
        var operatorViews = workspace == Workspaces.WorkspaceName.Default ? Permissions.ObservePlatform : Permissions.None;
        return operatorViews | role switch
        {
            Role.Viewer => viewer,
            Role.Developer => developer,
            Role.Deployer => developer | Permissions.Deploy,
            Role.Approver => viewer | Permissions.Approve,
            Role.Admin => developer | Permissions.Deploy | Permissions.Approve | Permissions.Administer
                | (workspace == Workspaces.WorkspaceName.Default ? Permissions.ManageWorkspaces : Permissions.None),
            _ => Permissions.None,
        };
    }

    /// <summary>The wire name: <c>viewer</c>, <c>developer</c>, <c>deployer</c>, <c>approver</c> or <c>admin</c>.</summary>
    public static string Name(Role role) => role.ToString().ToLowerInvariant();

    /// <summary>Parses a wire name (case-insensitive).</summary>
    public static bool TryParse(string? text, out Role role)
    {
        foreach (var candidate in Enum.GetValues<Role>())
        {
            if (string.Equals(text, Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }
}
