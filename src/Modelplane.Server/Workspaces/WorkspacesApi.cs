using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Audit;
using Modelplane.Governance.Identity;
using Modelplane.Server.Governance;

namespace Modelplane.Server.Workspaces;

/// <summary>Creating, listing and deleting workspaces under <c>/api/v1/workspaces</c>: the operator's job (an admin of <c>default</c>).</summary>
internal static class WorkspacesApi
{
    public static IEndpointRouteBuilder MapWorkspacesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/workspaces").WithTags("Workspaces");
        api.MapGet("", ListWorkspaces).WithName("ListWorkspaces").RequireAccess(Permissions.ManageWorkspaces);
        api.MapPost("", CreateWorkspace).WithName("CreateWorkspace").RequireAccess(Permissions.ManageWorkspaces);
        api.MapDelete("/{name}", DeleteWorkspace).WithName("DeleteWorkspace").RequireAccess(Permissions.ManageWorkspaces);
        return app;
    }

    private static async Task<IResult> ListWorkspaces(IdentityStore identities, CancellationToken ct)
    {
        var workspaces = await identities.ListWorkspacesAsync(ct).ConfigureAwait(false);
        return TypedResults.Json<IReadOnlyList<WorkspaceDto>>([.. workspaces.Select(ToDto)], ModelplaneJson.Context.IReadOnlyListWorkspaceDto);
    }

    // The caller becomes the new workspace's admin and gets its first token: without one nobody could act in it.
    private static async Task<IResult> CreateWorkspace(
        CreateWorkspaceRequest request, HttpContext context, WorkspaceHosts workspaces, IdentityStore identities, TimeProvider time, CancellationToken ct)
    {
        var caller = context.GetCaller() ?? throw new InvalidOperationException("No caller: the access middleware did not run.");
        var workspace = await workspaces.CreateAsync(request.Name, request.Description, caller.Name, ct).ConfigureAwait(false);
        var kind = await identities.FindPrincipalKindAsync(caller.Name, ct).ConfigureAwait(false) ?? PrincipalKind.User;
        await identities.AddMemberAsync(workspace.Name, caller.Name, kind, Role.Admin, caller.Name, ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var (token, secret) = await identities.CreateTokenAsync(
            workspace.Name, caller.Name, Role.Admin, $"first admin token of {workspace.Name}", now.AddDays(IdentityApi.DefaultTokenDays), caller.Name, ct)
            .ConfigureAwait(false);
        context.SetAuditSummary(after: $"workspace {workspace.Name}, admin {caller.Name}, token {token.Prefix}");
        return TypedResults.Json(
            new CreatedWorkspaceDto(ToDto(workspace), new CreatedApiTokenDto(IdentityApi.ToDto(token, now), secret)),
            ModelplaneJson.Context.CreatedWorkspaceDto,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeleteWorkspace(string name, WorkspaceHosts workspaces, CancellationToken ct)
    {
        await workspaces.DeleteAsync(name, ct).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static WorkspaceDto ToDto(Workspace w) => new(w.Name, w.Description, w.CreatedAt, w.CreatedBy);
}
