using System.Text.Json.Serialization;

namespace Modelplane.Client.Contracts;

/// <summary>A workspace: it owns models, versions, endpoints, members, tokens, secrets, keys, its policy and audit records.</summary>
public sealed record WorkspaceDto(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("created_by")] string CreatedBy);

/// <summary>Creates a workspace (<c>POST /api/v1/workspaces</c>).</summary>
/// <param name="Name">1–40 of a-z, 0-9 and '-', starting with a letter or digit.</param>
/// <param name="Description">What it is for.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateWorkspaceRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string? Description = null);

/// <summary>
/// A new workspace and its first admin token, for the caller (who becomes the workspace's admin): the secret is shown
/// only in this answer, and is how anyone first acts in the workspace.
/// </summary>
public sealed record CreatedWorkspaceDto(
    [property: JsonPropertyName("workspace")] WorkspaceDto Workspace,
    [property: JsonPropertyName("admin_token")] CreatedApiTokenDto AdminToken);
