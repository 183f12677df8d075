namespace Modelplane.Governance.Access;

/// <summary>Who is calling, in which workspace, with what role: set on every request by the access middleware.</summary>
/// <param name="Name">The principal's name (a user or service account), or <c>anonymous</c>.</param>
/// <param name="Workspace">The workspace the request acts in.</param>
/// <param name="Role">The token's role, or null for an anonymous caller.</param>
/// <param name="TokenId">The token's public id, or null for an anonymous caller.</param>
public sealed record Caller(string Name, string Workspace, Role? Role, string? TokenId)
{
    /// <summary>The name recorded for requests without a token.</summary>
    public const string AnonymousName = "anonymous";

    /// <summary>What this caller may do in <see cref="Workspace"/>.</summary>
    public Permissions Granted { get; } = Role is { } role ? RolePermissions.Of(role, Workspace) : Permissions.None;

    /// <summary>True when the caller holds every permission in <paramref name="required"/>.</summary>
    public bool Has(Permissions required) => (Granted & required) == required;

    /// <summary>A caller without a token, acting in <paramref name="workspace"/>.</summary>
    public static Caller Anonymous(string workspace) => new(AnonymousName, workspace, null, null);
}
