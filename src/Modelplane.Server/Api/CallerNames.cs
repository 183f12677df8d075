using Modelplane.Governance.Access;
using Modelplane.Governance.Workspaces;

namespace Modelplane.Server.Api;

/// <summary>
/// What handlers need from the request's <see cref="Caller"/>, which the access middleware attaches to every routed
/// request; without one (a request no route matched) it acts as an anonymous caller in the <c>default</c> workspace.
/// </summary>
internal static class CallerNames
{
    /// <summary>The workspace the request acts in.</summary>
    public static string Workspace(this HttpContext context) => context.GetCaller()?.Workspace ?? WorkspaceName.Default;

    /// <summary>The name to record as the actor of a change (<c>anonymous</c> without a token).</summary>
    public static string ActorName(this HttpContext context) => context.GetCaller()?.Name ?? Caller.AnonymousName;

    /// <summary>The authenticated principal to record as a version's author, or null for an anonymous caller.</summary>
    public static string? AuthorName(this HttpContext context) => context.GetCaller() is { Role: not null } caller ? caller.Name : null;
}
