using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Governance.Access;
using Modelplane.Governance.Identity;
using Modelplane.Governance.Workspaces;

namespace Modelplane.Server.Tests.Governance;

/// <summary>
/// Every HTTP route × {no token, a malformed token, an expired token, a revoked token, each role}: a caller is let
/// through exactly when the route's rule grants it. 0 unexpected allows, and no role is refused what it may do.
/// </summary>
public sealed class AuthorizationMatrixTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryRoute_ForEveryCaller_AllowsExactlyWhatTheRuleGrants()
    {
        _ = app.Server;
        var identities = app.Services.GetRequiredService<IdentityStore>();
        var callers = new List<(string Name, string? Token, Role? Role)>
        {
            ("no token", null, null),
            ("malformed token", "mp_not-a-token", null),
            ("revoked admin token", await RevokedTokenAsync(identities), null),
        };
        foreach (var role in Enum.GetValues<Role>())
        {
            callers.Add(($"{RolePermissions.Name(role)} token", await TokenAsync(identities, $"matrix-{RolePermissions.Name(role)}", role, null), role));
        }

        var expiring = await TokenAsync(identities, "matrix-expired", Role.Admin, app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddSeconds(1.5));
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        callers.Add(("expired admin token", expiring, null));

        var routes = Routes();
        var unexpected = new List<string>();
        var checkedCount = 0;
        foreach (var (name, token, role) in callers)
        {
            using var client = token is null ? app.CreateAnonymousClient() : app.CreateClient(token);
            foreach (var (method, path, rule) in routes)
            {
                var expected = rule.Anonymous || (role is { } r && (RolePermissions.Of(r, WorkspaceName.Default) & rule.Required) == rule.Required);
                var (status, body) = await SendAsync(client, method, path);
                var denied = IsAccessDenial(status, body);
                checkedCount++;
                if (denied == expected)
                {
                    unexpected.Add($"{name}: {method} {path} ({rule}) -> {(int)status} {(denied ? "denied" : "allowed")} {body[..Math.Min(body.Length, 120)]}");
                }
            }
        }

        Assert.True(checkedCount >= 8 * 100, $"only {checkedCount} checks");
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

    // What the access layer answers (and nothing a handler answers): 401, its own 403 and its throttling 429.
    private static bool IsAccessDenial(HttpStatusCode status, string body) => status switch
    {
        HttpStatusCode.Unauthorized => true,
        HttpStatusCode.Forbidden => body.Contains("may not do this", StringComparison.Ordinal) || body.Contains("declares no access rule", StringComparison.Ordinal),
        HttpStatusCode.TooManyRequests => body.Contains("without a valid API token", StringComparison.Ordinal),
        _ => false,
    };

    private static async Task<string> TokenAsync(IdentityStore identities, string name, Role role, DateTimeOffset? expires)
    {
        await identities.AddMemberAsync(WorkspaceName.Default, name, PrincipalKind.User, role, "test", Ct);
        return (await identities.CreateTokenAsync(WorkspaceName.Default, name, role, null, expires, "test", Ct)).Token;
    }

    private static async Task<string> RevokedTokenAsync(IdentityStore identities)
    {
        var token = await TokenAsync(identities, "matrix-revoked", Role.Admin, null);
        Assert.True(ApiTokenSecret.TryParse(token, out var id, out _));
        await identities.RevokeTokenAsync(WorkspaceName.Default, id, "test", Ct);
        return token;
    }
}
