using Modelplane.Governance.Access;
using Modelplane.Governance.Workspaces;

namespace Modelplane.Server.Api.Governance;

/// <summary>Who acts, and in which workspace, for the secrets and signing routes.</summary>
internal static class GovernanceRequests
{
    // Until the access middleware attaches a caller to every request, requests act in the default workspace as
    // "anonymous"; once it does, these follow the caller's token.
    public static string Workspace(HttpContext context) => context.GetCaller()?.Workspace ?? WorkspaceName.Default;

    public static string Actor(HttpContext context) => context.GetCaller()?.Name ?? Caller.AnonymousName;
}
