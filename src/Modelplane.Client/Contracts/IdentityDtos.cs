using System.Text.Json.Serialization;

namespace Modelplane.Client.Contracts;

/// <summary>Who the token in use belongs to (<c>GET /api/v1/whoami</c>).</summary>
public sealed record WhoAmIDto(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("workspace")] string Workspace,
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("token")] string? Token);

/// <summary>A principal's role in the workspace.</summary>
public sealed record MemberDto(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("added_at")] DateTimeOffset AddedAt,
    [property: JsonPropertyName("added_by")] string AddedBy);

/// <summary>Adds a user or service account to the workspace (<c>POST /api/v1/members</c>).</summary>
/// <param name="Name">The principal's name.</param>
/// <param name="Role">viewer, developer, deployer, approver or admin.</param>
/// <param name="Kind"><c>user</c> (default) or <c>service_account</c>.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AddMemberRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("kind")] string? Kind = null);

/// <summary>Changes a member's role (<c>PUT /api/v1/members/{name}</c>).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SetMemberRoleRequest([property: JsonPropertyName("role")] string Role);

/// <summary>An API token as lists show it: never the secret.</summary>
public sealed record ApiTokenDto(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("principal")] string Principal,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("created_by")] string CreatedBy,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt,
    [property: JsonPropertyName("revoked_at")] DateTimeOffset? RevokedAt,
    [property: JsonPropertyName("revoked_by")] string? RevokedBy,
    [property: JsonPropertyName("status")] string Status);

/// <summary>A new token: <see cref="Secret"/> is the whole token, shown only in this answer.</summary>
public sealed record CreatedApiTokenDto(
    [property: JsonPropertyName("token")] ApiTokenDto Token,
    [property: JsonPropertyName("secret")] string Secret);

/// <summary>Creates a token (<c>POST /api/v1/tokens</c>).</summary>
/// <param name="Principal">Whose token; a member of the workspace (default: the caller).</param>
/// <param name="Role">The token's role, at most the member's (default: the member's role).</param>
/// <param name="Description">What it is for.</param>
/// <param name="ExpiresInDays">Lifetime in days (default 90; 0 for a token that never expires).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateTokenRequest(
    [property: JsonPropertyName("principal")] string? Principal = null,
    [property: JsonPropertyName("role")] string? Role = null,
    [property: JsonPropertyName("description")] string? Description = null,
    [property: JsonPropertyName("expires_in_days")] int? ExpiresInDays = null);
