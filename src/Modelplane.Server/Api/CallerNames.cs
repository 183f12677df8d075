using Modelplane.Governance.Access;
using Modelplane.Governance.Workspaces;

namespace Modelplane.Server.Api;

/// <summary>
/// What handlers need from the request's <see cref="Caller"/>. Until the access middleware sets a caller, a request
/// acts as an anonymous caller in the <c>default</c> workspace.
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
