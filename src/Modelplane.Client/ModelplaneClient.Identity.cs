using Modelplane.Client.Contracts;

namespace Modelplane.Client;

// Who is calling, the workspace's members, and their API tokens.
public sealed partial class ModelplaneClient
{
    /// <summary>The principal, workspace and role of the token in use (<c>GET /api/v1/whoami</c>).</summary>
    public Task<WhoAmIDto> WhoAmIAsync(CancellationToken ct = default) => GetAsync("api/v1/whoami", Json.WhoAmIDto, ct);

    /// <summary>The workspace's members (<c>GET /api/v1/members</c>).</summary>
    public Task<IReadOnlyList<MemberDto>> ListMembersAsync(CancellationToken ct = default) =>
        GetAsync("api/v1/members", Json.IReadOnlyListMemberDto, ct);

    /// <summary>Adds a user or service account to the workspace with a role (<c>POST /api/v1/members</c>).</summary>
    public Task<MemberDto> AddMemberAsync(AddMemberRequest request, CancellationToken ct = default) =>
        SendJsonAsync(HttpMethod.Post, "api/v1/members", request, Json.AddMemberRequest, Json.MemberDto, ct);

    /// <summary>Changes a member's role; tokens the new role does not cover are revoked (<c>PUT /api/v1/members/{name}</c>).</summary>
    public Task<MemberDto> SetMemberRoleAsync(string name, string role, CancellationToken ct = default) =>
        SendJsonAsync(HttpMethod.Put, $"api/v1/members/{Segment(name)}", new SetMemberRoleRequest(role), Json.SetMemberRoleRequest, Json.MemberDto, ct);

    /// <summary>Removes a member and revokes their tokens (<c>DELETE /api/v1/members/{name}</c>).</summary>
    public Task RemoveMemberAsync(string name, CancellationToken ct = default) =>
        SendWithoutResultAsync(HttpMethod.Delete, $"api/v1/members/{Segment(name)}", content: null, ct);

    /// <summary>The workspace's tokens, without secrets (<c>GET /api/v1/tokens</c>).</summary>
    public Task<IReadOnlyList<ApiTokenDto>> ListTokensAsync(string? principal = null, CancellationToken ct = default) =>
        GetAsync($"api/v1/tokens{(principal is null ? "" : $"?principal={Uri.EscapeDataString(principal)}")}", Json.IReadOnlyListApiTokenDto, ct);

    /// <summary>Creates a token; the answer's secret is shown only once (<c>POST /api/v1/tokens</c>).</summary>
    public Task<CreatedApiTokenDto> CreateTokenAsync(CreateTokenRequest request, CancellationToken ct = default) =>
        SendJsonAsync(HttpMethod.Post, "api/v1/tokens", request, Json.CreateTokenRequest, Json.CreatedApiTokenDto, ct);

    /// <summary>Revokes a token by id or <c>mp_&lt;id&gt;</c> prefix; it stops working within a second (<c>DELETE /api/v1/tokens/{id}</c>).</summary>
    public Task<ApiTokenDto> RevokeTokenAsync(string id, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/tokens/{Segment(id)}", Json.ApiTokenDto, ct);

    /// <summary>Replaces a token by a new one with the same principal, role and lifetime (<c>POST /api/v1/tokens/{id}/rotate</c>).</summary>
    public Task<CreatedApiTokenDto> RotateTokenAsync(string id, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, $"api/v1/tokens/{Segment(id)}/rotate", Json.CreatedApiTokenDto, ct);
}
