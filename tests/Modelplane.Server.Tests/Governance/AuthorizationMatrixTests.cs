using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Governance.Access;
using Modelplane.Governance.Identity;
using Modelplane.Governance.Workspaces;

namespace Modelplane.Server.Tests.Governance;

/// <summary>
/// Every HTTP route × {no token, a malformed token, an expired token, a revoked token, each role, another workspace's
/// admin token (in its own workspace, and naming the default one)}: a caller is let through exactly when the route's
/// rule grants it in its workspace. 0 unexpected allows, no role refused what it may do, and no route answers 5xx.
/// </summary>
public sealed class AuthorizationMatrixTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryRoute_ForEveryCaller_AllowsExactlyWhatTheRuleGrants()
    {
        _ = app.Server;
        var identities = app.Services.GetRequiredService<IdentityStore>();
        var callers = new List<Caller>
        {
            new("no token", null, null),
            new("malformed token", "mp_not-a-token", null),
            new("revoked admin token", await RevokedTokenAsync(identities), null),
        };
        foreach (var role in Enum.GetValues<Role>())
        {
            callers.Add(new($"{RolePermissions.Name(role)} token", await app.MemberTokenAsync($"matrix-{RolePermissions.Name(role)}", role), role));
        }

        var other = await app.CreateWorkspaceAsync(OtherWorkspace);
        callers.Add(new("another workspace's admin token", other, Role.Admin, Workspace: OtherWorkspace));
        callers.Add(new("another workspace's admin token naming default", other, null, Header: WorkspaceName.Default));

        var expiring = await app.MemberTokenAsync("matrix-expired", Role.Admin, app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddSeconds(1.5));
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        callers.Add(new("expired admin token", expiring, null));

        var routes = Routes();
        var unexpected = new List<string>();
        var checkedCount = 0;
        foreach (var caller in callers)
        {
            using var client = caller.Token is null ? app.CreateAnonymousClient() : app.CreateClient(caller.Token);
            if (caller.Header is { } header)
            {
                client.DefaultRequestHeaders.Add("X-Modelplane-Workspace", header);
            }

            foreach (var (method, path, rule) in routes)
            {
                var expected = rule.Anonymous || (caller.Role is { } r && (RolePermissions.Of(r, caller.Workspace) & rule.Required) == rule.Required);
                var (status, body) = await SendAsync(client, method, path);
                var denied = IsAccessDenial(status, body);
                checkedCount++;
                if (denied == expected || (int)status >= 500)
                {
                    unexpected.Add($"{caller.Name}: {method} {path} ({rule}) -> {(int)status} {(denied ? "denied" : "allowed")} {body[..Math.Min(body.Length, 120)]}");
                }
            }
        }

        Assert.True(checkedCount >= 10 * 100, $"only {checkedCount} checks");
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} of {checkedCount} unexpected:\n{string.Join('\n', unexpected)}");
    }

    /// <summary>The HTTP routes (gRPC has its own test) with their parameters filled in.</summary>
    private List<(string Method, string Path, AccessRule Rule)> Routes() =>
        [.. app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => !e.RoutePattern.RawText!.Contains("GRPCInferenceService", StringComparison.Ordinal)
                && !e.RoutePattern.RawText.Contains("{unimplementedService}", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, Fill(e.RoutePattern.RawText!), e.Metadata.GetMetadata<AccessRule>()!)))
            .Distinct()];

    private static string Fill(string pattern)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{\*\*?(\w+)[^}]*\}", "x/y");
        path = System.Text.RegularExpressions.Regex.Replace(path, @"\{(\w+)[^}]*\}", m => m.Groups[1].Value switch
        {
            "version" => "1",
            "id" => "mp_aaaaaaaaaaaa",
            _ => "matrix",
        });
        return path.StartsWith('/') ? path : "/" + path;
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    // What the access layer answers (and nothing a handler answers): 401, its own 403, its throttling 429, and the 404
    // for a workspace the token does not belong to.
    private static bool IsAccessDenial(HttpStatusCode status, string body) => status switch
    {
        HttpStatusCode.Unauthorized => true,
        HttpStatusCode.NotFound => body.Contains($"Workspace '{WorkspaceName.Default}' not found", StringComparison.Ordinal),
        HttpStatusCode.Forbidden => body.Contains("may not do this", StringComparison.Ordinal) || body.Contains("declares no access rule", StringComparison.Ordinal),
        HttpStatusCode.TooManyRequests => body.Contains("without a valid API token", StringComparison.Ordinal),
        _ => false,
    };

    private const string OtherWorkspace = "matrix-other";

    private sealed record Caller(string Name, string? Token, Role? Role, string Workspace = WorkspaceName.Default, string? Header = null);

    private async Task<string> RevokedTokenAsync(IdentityStore identities)
    {
        var token = await app.MemberTokenAsync("matrix-revoked", Role.Admin);
        Assert.True(ApiTokenSecret.TryParse(token, out var id, out _));
        await identities.RevokeTokenAsync(WorkspaceName.Default, id, "test", Ct);
        return token;
    }
}
