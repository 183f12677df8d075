using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Identity;
using Modelplane.Registry.Models;

namespace Modelplane.Server.Governance;

/// <summary>Who am I, the workspace's members and their API tokens, under <c>/api/v1</c>.</summary>
internal static class IdentityApi
{
    /// <summary>How long a token lives when the request does not say.</summary>
    public const int DefaultTokenDays = 90;

    public static IEndpointRouteBuilder MapIdentityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Access");
        api.MapGet("/whoami", WhoAmI).WithName("WhoAmI").RequireAccess(Permissions.Read);
        api.MapGet("/members", ListMembers).WithName("ListMembers").RequireAccess(Permissions.Administer);
        api.MapPost("/members", AddMember).WithName("AddMember").RequireAccess(Permissions.Administer);
        api.MapPut("/members/{name}", SetMemberRole).WithName("SetMemberRole").RequireAccess(Permissions.Administer);
        api.MapDelete("/members/{name}", RemoveMember).WithName("RemoveMember").RequireAccess(Permissions.Administer);
        api.MapGet("/tokens", ListTokens).WithName("ListTokens").RequireAccess(Permissions.Administer);
        api.MapPost("/tokens", CreateToken).WithName("CreateToken").RequireAccess(Permissions.Administer);
        api.MapDelete("/tokens/{id}", RevokeToken).WithName("RevokeToken").RequireAccess(Permissions.Administer);
        api.MapPost("/tokens/{id}/rotate", RotateToken).WithName("RotateToken").RequireAccess(Permissions.Administer);
        return app;
    }

    private static WhoAmIDto WhoAmI(HttpContext context)
    {
        var caller = Caller(context);
        return new WhoAmIDto(caller.Name, caller.Workspace, caller.Role is { } role ? RolePermissions.Name(role) : null, caller.TokenId is { } id ? ApiTokenSecret.Prefix(id) : null);
    }

    private static async Task<IResult> ListMembers(HttpContext context, IdentityStore identities, CancellationToken ct) =>
        TypedResults.Json(
            (IReadOnlyList<MemberDto>)[.. (await identities.ListMembersAsync(Caller(context).Workspace, ct)).Select(ToDto)],
            ModelplaneJson.Context.IReadOnlyListMemberDto);

    private static async Task<IResult> AddMember(AddMemberRequest request, HttpContext context, IdentityStore identities, CancellationToken ct)
    {
        var caller = Caller(context);
        var kind = request.Kind is null ? PrincipalKind.User
            : PrincipalName.TryParseKind(request.Kind, out var parsed) ? parsed
            : throw new RegistryValidationException($"Unknown kind '{request.Kind}'; use user or service_account.");
        var member = await identities.AddMemberAsync(caller.Workspace, request.Name, kind, ParseRole(request.Role), caller.Name, ct);
        return TypedResults.Json(ToDto(member), ModelplaneJson.Context.MemberDto, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> SetMemberRole(
        string name, SetMemberRoleRequest request, HttpContext context, IdentityStore identities, TokenAuthenticator tokens, CancellationToken ct)
    {
        var caller = Caller(context);
        var member = await identities.SetMemberRoleAsync(caller.Workspace, name, ParseRole(request.Role), caller.Name, ct);
        tokens.Forget();
        return TypedResults.Json(ToDto(member), ModelplaneJson.Context.MemberDto);
    }

    private static async Task<IResult> RemoveMember(string name, HttpContext context, IdentityStore identities, TokenAuthenticator tokens, CancellationToken ct)
    {
        var caller = Caller(context);
        await identities.RemoveMemberAsync(caller.Workspace, name, caller.Name, ct);
        tokens.Forget();
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ListTokens(string? principal, HttpContext context, IdentityStore identities, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var list = await identities.ListTokensAsync(Caller(context).Workspace, principal, ct);
        return TypedResults.Json((IReadOnlyList<ApiTokenDto>)[.. list.Select(t => ToDto(t, now))], ModelplaneJson.Context.IReadOnlyListApiTokenDto);
    }

    private static async Task<IResult> CreateToken(CreateTokenRequest request, HttpContext context, IdentityStore identities, TimeProvider time, CancellationToken ct)
    {
        var caller = Caller(context);
        var days = request.ExpiresInDays ?? DefaultTokenDays;
        if (days is < 0 or > 3650)
        {
            throw new RegistryValidationException($"expires_in_days is {days}; use 1 to 3650, or 0 for a token that never expires.");
        }

        var now = time.GetUtcNow();
        var (info, secret) = await identities.CreateTokenAsync(
            caller.Workspace,
            request.Principal ?? caller.Name,
            request.Role is null ? null : ParseRole(request.Role),
            request.Description,
            days == 0 ? null : now.AddDays(days),
            caller.Name,
            ct);
        return TypedResults.Json(new CreatedApiTokenDto(ToDto(info, now), secret), ModelplaneJson.Context.CreatedApiTokenDto, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RevokeToken(string id, HttpContext context, IdentityStore identities, TokenAuthenticator tokens, TimeProvider time, CancellationToken ct)
    {
        var caller = Caller(context);
        var revoked = await identities.RevokeTokenAsync(caller.Workspace, id, caller.Name, ct);
        tokens.Forget();
        return TypedResults.Json(ToDto(revoked, time.GetUtcNow()), ModelplaneJson.Context.ApiTokenDto);
    }

    private static async Task<IResult> RotateToken(string id, HttpContext context, IdentityStore identities, TokenAuthenticator tokens, TimeProvider time, CancellationToken ct)
    {
        var caller = Caller(context);
        var (info, secret) = await identities.RotateTokenAsync(caller.Workspace, id, caller.Name, ct);
        tokens.Forget();
        return TypedResults.Json(new CreatedApiTokenDto(ToDto(info, time.GetUtcNow()), secret), ModelplaneJson.Context.CreatedApiTokenDto);
    }

    // The access middleware ran before any of these routes (they all declare a rule), so a caller is always attached.
    private static Caller Caller(HttpContext context) =>
        context.GetCaller() ?? throw new InvalidOperationException("No caller: the access middleware did not run.");

    private static Role ParseRole(string? text) => RolePermissions.TryParse(text, out var role)
        ? role
        : throw new RegistryValidationException($"Unknown role '{text}'; use viewer, developer, deployer, approver or admin.");

    private static MemberDto ToDto(Member m) =>
        new(m.Principal, PrincipalName.Kind(m.Kind), RolePermissions.Name(m.Role), m.AddedAt, m.AddedBy);

    internal static ApiTokenDto ToDto(ApiTokenInfo t, DateTimeOffset now) => new(
        t.Prefix,
        t.Principal,
        RolePermissions.Name(t.Role),
        t.Description,
        t.CreatedAt,
        t.CreatedBy,
        t.ExpiresAt,
        t.RevokedAt,
        t.RevokedBy,
        t.RevokedAt is not null ? "revoked" : t.ExpiresAt <= now ? "expired" : "active");
}
