using Modelplane.Client.Contracts;

namespace Modelplane.Client;

// Workspaces: created, listed and deleted by an admin of the default workspace (the operator).
public sealed partial class ModelplaneClient
{
    /// <summary>Every workspace (<c>GET /api/v1/workspaces</c>).</summary>
    public Task<IReadOnlyList<WorkspaceDto>> ListWorkspacesAsync(CancellationToken ct = default) =>
        GetAsync("api/v1/workspaces", Json.IReadOnlyListWorkspaceDto, ct);

    /// <summary>Creates a workspace with the caller as its admin; the answer holds the admin token's secret, shown once (<c>POST /api/v1/workspaces</c>).</summary>
    public Task<CreatedWorkspaceDto> CreateWorkspaceAsync(CreateWorkspaceRequest request, CancellationToken ct = default) =>
        SendJsonAsync(HttpMethod.Post, "api/v1/workspaces", request, Json.CreateWorkspaceRequest, Json.CreatedWorkspaceDto, ct);

    /// <summary>Deletes a workspace with everything in it except its audit records (<c>DELETE /api/v1/workspaces/{name}</c>).</summary>
    public Task DeleteWorkspaceAsync(string name, CancellationToken ct = default) =>
        SendWithoutResultAsync(HttpMethod.Delete, $"api/v1/workspaces/{Segment(name)}", content: null, ct);
}
