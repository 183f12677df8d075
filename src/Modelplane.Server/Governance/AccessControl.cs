using System.Net;
using Microsoft.Net.Http.Headers;
using Modelplane.Governance.Access;
using Modelplane.Governance.Audit;
using Modelplane.Governance.Identity;
using Modelplane.Governance.Workspaces;
using Modelplane.Server.Hosting;
using Modelplane.Server.Workspaces;

namespace Modelplane.Server.Governance;

/// <summary>
/// Denies by default. Runs after routing: reads the matched route's <see cref="AccessRule"/> (a route without one is
/// refused), authenticates the bearer token (cached, no database on the hot path), selects the workspace (the
/// token's; an <c>X-Modelplane-Workspace</c> header naming another one is a 404, so other workspaces cannot be
/// discovered), checks the role's permissions, and attaches the <see cref="Caller"/>. Denials are audited; a client
/// that keeps presenting wrong tokens is throttled (429) after <see cref="FailedAuthentications.PermitsPerMinute"/>.
/// </summary>
internal sealed partial class AccessControl(
    RequestDelegate next, TokenAuthenticator tokens, FailedAuthentications failures, WorkspaceHosts workspaces, ILogger<AccessControl> logger)
{
    /// <summary>The header that selects a workspace explicitly.</summary>
    public const string WorkspaceHeader = "X-Modelplane-Workspace";

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            // Nothing matched (not even the fallback, which skips file-like paths): there is nothing to protect.
            await ErrorResults.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"No route {context.Request.Method} {context.Request.Path}.").ConfigureAwait(false);
            return;
        }

        if (endpoint.Metadata.GetMetadata<AccessRule>() is not { } rule)
        {
            LogRouteWithoutRule(logger, endpoint.DisplayName);
            await DenyAsync(context, StatusCodes.Status403Forbidden, "This route declares no access rule, so it is refused to everyone.", null).ConfigureAwait(false);
            return;
        }

        var requested = context.Request.Headers[WorkspaceHeader].ToString();
        if (rule.Anonymous)
        {
            context.Features.Set(Caller.Anonymous(WorkspaceName.IsValid(requested) ? requested : WorkspaceName.Default));
            await next(context).ConfigureAwait(false);
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            if (rule.AnonymousWhenEndpointOpen && TryOpenEndpoint(context, requested))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            await RefuseTokenAsync(context, null, TokenProblem.Missing).ConfigureAwait(false);
            return;
        }

        var (grant, caller, problem) = await tokens.AuthenticateAsync(authorization, context.RequestAborted).ConfigureAwait(false);
        if (problem != TokenProblem.None || caller is null)
        {
            await RefuseTokenAsync(context, grant, problem).ConfigureAwait(false);
            return;
        }

        context.Features.Set(caller);
        if (requested.Length > 0 && requested != caller.Workspace)
        {
            await DenyAsync(context, StatusCodes.Status404NotFound, $"Workspace '{Shown(requested)}' not found.", caller).ConfigureAwait(false);
            return;
        }

        if (!caller.Has(rule.Required))
        {
            await DenyAsync(
                context,
                StatusCodes.Status403Forbidden,
                $"{Article(grant!.Role)} {RolePermissions.Name(grant.Role)} of workspace '{caller.Workspace}' may not do this (it needs {rule.Required} permission); ask an admin of the workspace for a token with a role that has it.",
                caller).ConfigureAwait(false);
            return;
        }

        if (caller.Workspace != WorkspaceName.Default)
        {
            if (!workspaces.TryGet(caller.Workspace, out var workspace))
            {
                // Deleted since the token was cached (at most a second ago).
                await DenyAsync(context, StatusCodes.Status404NotFound, $"Workspace '{caller.Workspace}' not found.", caller).ConfigureAwait(false);
                return;
            }

            context.RequestServices = new WorkspaceRequestServices(workspace, context.RequestServices);
        }

        await next(context).ConfigureAwait(false);
    }

    // A prediction without a token passes only for an endpoint (by name, not a model or a pinned version) that an admin
    // opened explicitly, in the workspace the header names (default: default). Anything else gets the usual 401, so
    // a closed endpoint and a missing one look the same.
    private bool TryOpenEndpoint(HttpContext context, string requested)
    {
        var route = context.Request.RouteValues;
        if (route.ContainsKey("version") || route["name"] is not string endpoint)
        {
            return false;
        }

        var workspace = requested.Length == 0 ? WorkspaceName.Default : requested;
        IServiceProvider services;
        if (workspace == WorkspaceName.Default)
        {
            services = context.RequestServices;
        }
        else if (workspaces.TryGet(workspace, out var host))
        {
            services = new WorkspaceRequestServices(host, context.RequestServices);
        }
        else
        {
            return false;
        }

        if (!services.GetRequiredService<OpenEndpoints>().Contains(endpoint))
        {
            return false;
        }

        context.RequestServices = services;
        context.Features.Set(Caller.Anonymous(workspace));
        return true;
    }

    // Missing and wrong tokens count alike against the address: past the allowance they get a 429 that is not audited
    // each time (one record per lockout), so a flood of unauthenticated requests cannot turn into a flood of fsyncs.
    private async Task RefuseTokenAsync(HttpContext context, ApiTokenInfo? grant, TokenProblem problem)
    {
        var client = context.Connection.RemoteIpAddress ?? IPAddress.None;
        var caller = grant is null ? null : new Caller(grant.Principal, grant.Workspace, grant.Role, grant.Id);
        switch (failures.Record(client))
        {
            case FailedAuthentications.Verdict.LockedOut:
                context.Response.Headers.RetryAfter = "60";
                await ErrorResults.WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests without a valid API token from this address; retry in a minute.")
                    .ConfigureAwait(false);
                return;
            case FailedAuthentications.Verdict.JustLockedOut:
                context.Response.Headers.RetryAfter = "60";
                await DenyAsync(
                    context,
                    StatusCodes.Status429TooManyRequests,
                    $"Too many requests without a valid API token from this address ({FailedAuthentications.PermitsPerMinute} a minute); retry in a minute.",
                    caller,
                    "authentication.lockout").ConfigureAwait(false);
                return;
        }

        context.Response.Headers.WWWAuthenticate = problem == TokenProblem.Missing ? "Bearer" : "Bearer error=\"invalid_token\"";
        var message = problem switch
        {
            TokenProblem.Missing =>
                "This route needs an API token: send `Authorization: Bearer <token>`. A local server's first admin token is in <data-dir>/admin-token; create others with `modelplane tokens create`.",
            TokenProblem.Revoked => $"The API token {grant!.Prefix} was revoked; ask an admin of workspace '{grant.Workspace}' for a new one.",
            TokenProblem.Expired => $"The API token {grant!.Prefix} expired at {grant.ExpiresAt:u}; rotate it (`modelplane tokens rotate {grant.Prefix}`) or create a new one.",
            _ => "The API token is not valid. Check that it was copied whole (it starts with mp_).",
        };
        await DenyAsync(context, StatusCodes.Status401Unauthorized, message, caller).ConfigureAwait(false);
    }

    private static async Task DenyAsync(HttpContext context, int status, string message, Caller? caller, string? action = null)
    {
        if (context.RequestServices.GetService<IAuditLog>() is { } audit)
        {
            var endpoint = context.GetEndpoint();
            await audit.AppendAsync(
                new AuditEntry(
                    caller?.Workspace ?? WorkspaceName.Default,
                    caller?.Name ?? Caller.AnonymousName,
                    action ?? (endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? $"{context.Request.Method} {(endpoint as RouteEndpoint)?.RoutePattern.RawText}"),
                    $"{context.Request.Method} {context.Request.Path}",
                    AuditOutcome.Denied,
                    status,
                    Before: null,
                    After: message,
                    context.Connection.RemoteIpAddress?.ToString(),
                    context.TraceIdentifier),
                context.RequestAborted).ConfigureAwait(false);
        }

        await ErrorResults.WriteErrorAsync(context, status, message).ConfigureAwait(false);
    }

    private static string Article(Role role) => role is Role.Admin or Role.Approver ? "An" : "A";

    // Echo at most 60 printable characters of what the caller sent.
    private static string Shown(string text) => new([.. text.Take(60).Select(c => char.IsControl(c) ? '?' : c)]);

    [LoggerMessage(Level = LogLevel.Error, Message = "Route {Route} declares no access rule; refusing it. Add RequireAccess(...) where it is mapped.")]
    private static partial void LogRouteWithoutRule(ILogger logger, string? route);
}
