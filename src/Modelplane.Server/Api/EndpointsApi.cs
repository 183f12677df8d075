using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Audit;
using Modelplane.Governance.Policies;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;
using Modelplane.Registry.Rollouts;
using Modelplane.Server.Governance;
using Modelplane.Server.Hosting;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Api;

/// <summary>Management API for endpoints under <c>/api/v1/endpoints</c>.</summary>
internal static class EndpointsApi
{
    public static RouteGroupBuilder MapEndpointsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/endpoints").WithTags("Endpoints");
        group.MapGet("", ListEndpoints).WithName("ListEndpoints").RequireAccess(Permissions.Read);
        group.MapGet("/{name}", GetEndpoint).WithName("GetEndpoint").Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Read);
        group.MapPost("", CreateEndpoint).WithName("CreateEndpoint")
            .Produces<EndpointDto>(StatusCodes.Status201Created)
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .Produces<PolicyRefusalDto>(StatusCodes.Status403Forbidden)
            .Produces<ErrorDto>(StatusCodes.Status409Conflict).RequireAccess(Permissions.Push);
        group.MapPut("/{name}", SetTarget).WithName("SetEndpointTarget")
            .Produces<EndpointDto>()
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .Produces<PolicyRefusalDto>(StatusCodes.Status403Forbidden)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Deploy);
        group.MapPut("/{name}/state", SetState).WithName("SetEndpointState")
            .Produces<EndpointDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<PolicyRefusalDto>(StatusCodes.Status403Forbidden)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Deploy);
        group.MapPut("/{name}/traffic", SetTraffic).WithName("SetEndpointTraffic")
            .Produces<EndpointDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<PolicyRefusalDto>(StatusCodes.Status403Forbidden)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Deploy);
        group.MapPut("/{name}/policies", SetPolicies).WithName("SetEndpointPolicies")
            .Produces<EndpointDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<PolicyRefusalDto>(StatusCodes.Status403Forbidden)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Deploy);
        group.MapPut("/{name}/rate-limits", SetRateLimits).WithName("SetEndpointRateLimits")
            .Produces<EndpointDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .RequireAccess(Permissions.Deploy);
        // Opening an endpoint to the world is a security decision, so it is the admin's.
        group.MapPut("/{name}/anonymous-predictions", SetAnonymousPredictions).WithName("SetEndpointAnonymousPredictions")
            .Produces<EndpointDto>().Produces<ErrorDto>(StatusCodes.Status404NotFound).Produces<ErrorDto>(StatusCodes.Status409Conflict)
            .RequireAccess(Permissions.Administer);
        return group;
    }

    internal static async Task<IResult> ListEndpoints(IEndpointStore endpoints, CancellationToken ct) =>
        TypedResults.Ok((await endpoints.ListAsync(ct).ConfigureAwait(false)).Select(e => e.ToDto()).ToArray());

    internal static async Task<IResult> GetEndpoint(string name, IEndpointStore endpoints, ServingTable table, CancellationToken ct) =>
        await endpoints.GetAsync(name, ct).ConfigureAwait(false) is { } endpoint
            ? TypedResults.Ok(endpoint.ToDto() with
            {
                Routed = table.SplitArms(name)?.Select(a => new RoutedShareDto(a.Runner.Version.Model, a.Runner.Version.Version, a.Routed)).ToArray(),
                PolicyStats = table.EndpointRoute(name).PolicyStats(),
            })
            : ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' not found.");

    /// <summary>Creates an endpoint; the target is loaded before the endpoint is stored, so a new endpoint always serves.</summary>
    /// <remarks>A developer may create only sandbox endpoints; a deployer's are live unless the request asks for the sandbox.</remarks>
    internal static async Task<IResult> CreateEndpoint(
        HttpRequest request, IEndpointStore endpoints, IModelStore models, IModelAliasStore aliases, ServingTable table, AdmissionPolicies admission, CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.CreateEndpointRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (!ResourceNames.IsValid(body.Name))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"Endpoint name '{body.Name}' is invalid: {ResourceNames.Rule}.");
        }

        var mayGoLive = request.HttpContext.GetCaller()?.Has(Permissions.Deploy) == true;
        EndpointState state;
        if (body.State is null)
        {
            state = mayGoLive ? EndpointState.Live : EndpointState.Sandbox;
        }
        else if (!EndpointStates.TryParse(body.State, out state))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"state '{body.State}' is invalid; use sandbox or live.");
        }

        if (state == EndpointState.Live && !mayGoLive)
        {
            return ErrorResults.Error(
                StatusCodes.Status403Forbidden,
                $"A developer creates endpoints in the sandbox state; a deployer makes them live (PUT /api/v1/endpoints/{body.Name}/state).");
        }

        if (await endpoints.GetAsync(body.Name, ct).ConfigureAwait(false) is not null)
        {
            return ErrorResults.Error(StatusCodes.Status409Conflict, $"Endpoint '{body.Name}' already exists; use PUT /api/v1/endpoints/{body.Name} to change its model.");
        }

        var (version, targetError) = await FindTargetAsync(body.Model, body.Version, body.Alias, models, aliases, ct).ConfigureAwait(false);
        if (version is null)
        {
            return targetError!;
        }

        await admission.EnsureAllowedAsync(request.HttpContext.Workspace(), version, PolicyAction.Deploy, ct).ConfigureAwait(false);
        await table.PreloadAsync(version, ct).ConfigureAwait(false);
        var endpoint = await endpoints.CreateAsync(body.Name, version.Model, version.Version, state, ct).ConfigureAwait(false);
        request.HttpContext.SetAuditSummary(after: Summary(endpoint));
        await table.ActivateAsync(endpoint, ct).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/endpoints/{Uri.EscapeDataString(endpoint.Name)}", endpoint.ToDto());
    }

    /// <summary>Switches the served version. The new version is loaded first; if it cannot load, nothing changes.</summary>
    internal static async Task<IResult> SetTarget(
        string name, HttpRequest request, IEndpointStore endpoints, IModelStore models, IModelAliasStore aliases, ServingTable table, AdmissionPolicies admission,
        IRolloutStore rollouts, CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.SetEndpointTargetRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is not { } current)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' not found.");
        }

        if (await RolloutInTheWayAsync(name, rollouts, ct).ConfigureAwait(false) is { } busy)
        {
            return busy;
        }

        request.HttpContext.SetAuditSummary(before: Summary(current));

        var (version, targetError) = await FindTargetAsync(body.Model, body.Version, body.Alias, models, aliases, ct).ConfigureAwait(false);
        if (version is null)
        {
            return targetError!;
        }

        await admission.EnsureAllowedAsync(request.HttpContext.Workspace(), version, PolicyAction.Deploy, ct).ConfigureAwait(false);
        await table.PreloadAsync(version, ct).ConfigureAwait(false);
        var endpoint = await endpoints.SetTargetAsync(name, version.Model, version.Version, ct).ConfigureAwait(false);
        request.HttpContext.SetAuditSummary(after: Summary(endpoint));
        await table.ActivateAsync(endpoint, ct).ConfigureAwait(false);
        return TypedResults.Ok(endpoint.ToDto());
    }

    /// <summary>Makes a sandbox endpoint live (its target must pass the deploy policy) or returns it to the sandbox (which closes it to anonymous callers).</summary>
    internal static async Task<IResult> SetState(
        string name, HttpRequest request, IEndpointStore endpoints, IModelStore models, AdmissionPolicies admission, OpenEndpoints open, CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.SetEndpointStateRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (!EndpointStates.TryParse(body.State, out var state))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"state '{body.State}' is invalid; use sandbox or live.");
        }

        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is not { } current)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' not found.");
        }

        request.HttpContext.SetAuditSummary(before: Summary(current));
        if (state == EndpointState.Live && current.State != EndpointState.Live
            && await models.GetVersionAsync(current.Model, current.Version, ct).ConfigureAwait(false) is { } target)
        {
            await admission.EnsureAllowedAsync(request.HttpContext.Workspace(), target, PolicyAction.Deploy, ct).ConfigureAwait(false);
        }

        var endpoint = await endpoints.SetAccessAsync(name, state, state == EndpointState.Sandbox ? false : null, ct).ConfigureAwait(false);
        open.Update(endpoint);
        request.HttpContext.SetAuditSummary(after: Summary(endpoint));
        return TypedResults.Ok(endpoint.ToDto());
    }

    /// <summary>
    /// Splits the endpoint's requests across versions. Every version must pass the deploy policy and load before the
    /// split is stored; the next request is routed by it, and requests in flight finish on the version they hold.
    /// </summary>
    internal static async Task<IResult> SetTraffic(
        string name, HttpRequest request, IEndpointStore endpoints, IModelStore models, ServingTable table, AdmissionPolicies admission,
        IRolloutStore rollouts, CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.SetTrafficRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        var weights = (body.Weights ?? []).Select(w => new TrafficWeight(w.Model ?? "", w.Version, w.Weight)).ToArray();
        if ((TrafficRules.Problem(weights) ?? TrafficRules.HeaderProblem(body.StickyHeader)) is { } problem)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, problem);
        }

        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is not { } current)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' not found.");
        }

        if (await RolloutInTheWayAsync(name, rollouts, ct).ConfigureAwait(false) is { } busy)
        {
            return busy;
        }

        request.HttpContext.SetAuditSummary(before: Summary(current));
        foreach (var weight in weights)
        {
            var version = await models.GetVersionAsync(weight.Model, weight.Version, ct).ConfigureAwait(false);
            if (version is null)
            {
                return ErrorResults.Error(StatusCodes.Status404NotFound, $"Model '{weight.Model}' has no version {weight.Version}.");
            }

            await admission.EnsureAllowedAsync(request.HttpContext.Workspace(), version, PolicyAction.Deploy, ct).ConfigureAwait(false);
            await table.PreloadAsync(version, ct).ConfigureAwait(false);
        }

        var endpoint = await endpoints.SetTrafficAsync(name, weights, body.StickyHeader, ct).ConfigureAwait(false);
        request.HttpContext.SetAuditSummary(after: Summary(endpoint));
        await table.ActivateAsync(endpoint, ct).ConfigureAwait(false);
        return TypedResults.Ok(endpoint.ToDto());
    }

    /// <summary>
    /// Replaces the endpoint's shadow, cascade and fallback. Each version must pass the deploy policy and load first;
    /// the next request follows the new policies.
    /// </summary>
    internal static async Task<IResult> SetPolicies(
        string name, HttpRequest request, IEndpointStore endpoints, IModelStore models, ServingTable table, AdmissionPolicies admission, CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.EndpointPoliciesDto, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        var policies = body.ToPolicies();
        if ((MissingModel(policies) ?? policies.Problem()) is { } problem)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, problem);
        }

        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is not { } current)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' not found.");
        }

        request.HttpContext.SetAuditSummary(before: PolicySummary(current));
        foreach (var (kind, model, number) in policies.Versions())
        {
            if (await models.GetVersionAsync(model, number, ct).ConfigureAwait(false) is not { } version)
            {
                return ErrorResults.Error(StatusCodes.Status404NotFound, $"The {kind} version {model}@{number} does not exist: model '{model}' has no version {number}.");
            }

            await admission.EnsureAllowedAsync(request.HttpContext.Workspace(), version, PolicyAction.Deploy, ct).ConfigureAwait(false);
            await table.PreloadAsync(version, ct).ConfigureAwait(false);
        }

        var endpoint = await endpoints.SetPoliciesAsync(name, policies, ct).ConfigureAwait(false);
        request.HttpContext.SetAuditSummary(after: PolicySummary(endpoint));
        await table.ActivateAsync(endpoint, ct).ConfigureAwait(false);
        return TypedResults.Ok(endpoint.ToDto());

        static string? MissingModel(EndpointPolicies p) =>
            p.Versions().FirstOrDefault(v => v.Model.Length == 0 || v.Version < 1) is { Kind: not null } bad
                ? $"The {bad.Kind} needs a model and a version of 1 or more; got '{bad.Model}'@{bad.Version}."
                : null;

        static string PolicySummary(Modelplane.Registry.Endpoints.Endpoint e) =>
            e.Policies.IsEmpty ? "no shadow, cascade or fallback" : string.Join(", ", e.Policies.Versions().Select(v => $"{v.Kind} {v.Model}@{v.Version}"));
    }

    /// <summary>Sets (or, with null, removes) the endpoint's limits; the next request is counted against them.</summary>
    internal static async Task<IResult> SetRateLimits(string name, HttpRequest request, IEndpointStore endpoints, EndpointRateLimits limits, CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.SetRateLimitsRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (body.PerSecond is < 1 or > 1_000_000 || body.PerCallerPerSecond is < 1 or > 1_000_000)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, "perSecond and perCallerPerSecond are whole requests per second from 1 to 1000000, or null for no limit.");
        }

        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is not { } current)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' not found.");
        }

        request.HttpContext.SetAuditSummary(before: $"rate limits {Limits(current)}");
        var endpoint = await endpoints.SetRateLimitsAsync(name, body.PerSecond, body.PerCallerPerSecond, ct).ConfigureAwait(false);
        limits.Configure(endpoint);
        request.HttpContext.SetAuditSummary(after: $"rate limits {Limits(endpoint)}");
        return TypedResults.Ok(endpoint.ToDto());

        static string Limits(Modelplane.Registry.Endpoints.Endpoint e) =>
            $"{e.RateLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}/s, per caller {e.CallerRateLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}/s";
    }

    // While a rollout moves an endpoint's traffic, only the rollout does: a hand-set split would be undone at its next step.
    private static async Task<IResult?> RolloutInTheWayAsync(string name, IRolloutStore rollouts, CancellationToken ct) =>
        await rollouts.GetActiveAsync(name, ct).ConfigureAwait(false) is { } active
            ? ErrorResults.Error(StatusCodes.Status409Conflict,
                $"Endpoint '{name}' is in rollout {active.Id} ({RolloutStates.Name(active.State)} at {active.StepPercent}%); promote, abort or roll it back first (modelplane rollout ...).")
            : null;

    /// <summary>Opens a live endpoint to callers without a token, or closes it again.</summary>
    internal static async Task<IResult> SetAnonymousPredictions(
        string name, HttpRequest request, IEndpointStore endpoints, OpenEndpoints open, CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.SetAnonymousPredictionsRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is not { } current)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' not found.");
        }

        request.HttpContext.SetAuditSummary(before: Summary(current));
        var endpoint = await endpoints.SetAccessAsync(name, null, body.Allowed, ct).ConfigureAwait(false);
        open.Update(endpoint);
        request.HttpContext.SetAuditSummary(after: Summary(endpoint));
        return TypedResults.Ok(endpoint.ToDto());
    }

    /// <summary>One line for the audit record, e.g. <c>endpoint churn -> churn@2 (live, anonymous predictions)</c> or <c>endpoint churn -> churn@1=90 churn@2=10 (live)</c>.</summary>
    private static string Summary(Modelplane.Registry.Endpoints.Endpoint endpoint)
    {
        var target = endpoint.Traffic.Count == 0
            ? $"{endpoint.Model}@{endpoint.Version}"
            : string.Join(' ', endpoint.Traffic.Select(t => $"{t.Model}@{t.Version}={t.Weight}"));
        return $"endpoint {endpoint.Name} -> {target} ({EndpointStates.Name(endpoint.State)}{(endpoint.AnonymousPredictions ? ", anonymous predictions" : "")})";
    }

    /// <summary>The version a request names: an alias, a number, or (version 0, no alias) the latest.</summary>
    private static async Task<(ModelVersion? Version, IResult? Error)> FindTargetAsync(
        string? model, int version, string? alias, IModelStore models, IModelAliasStore aliases, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(model))
        {
            return (null, ErrorResults.Error(StatusCodes.Status404NotFound, "The request names no model."));
        }

        if (alias is not null)
        {
            return version > 0
                ? (null, ErrorResults.Error(StatusCodes.Status400BadRequest, "Give either version or alias, not both."))
                : !VersionMetadataRules.IsValidAlias(alias)
                    ? (null, ErrorResults.Error(StatusCodes.Status400BadRequest, $"alias '{alias}' is invalid: {VersionMetadataRules.AliasRule}."))
                    : await aliases.ResolveAsync(model, alias, ct).ConfigureAwait(false) is { } aliased
                        ? (aliased, null)
                        : (null, ApiRequests.VersionNotFound(model, alias));
        }

        var found = version > 0
            ? await models.GetVersionAsync(model, version, ct).ConfigureAwait(false)
            : await models.GetLatestVersionAsync(model, ct).ConfigureAwait(false);
        return found is not null
            ? (found, null)
            : (null, ErrorResults.Error(
                StatusCodes.Status404NotFound, version > 0 ? $"Model '{model}' has no version {version}." : $"Model '{model}' not found."));
    }
}
