using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;
using Modelplane.Serving.Routing;
using Modelplane.Server.Oip;

namespace Modelplane.Server.Api;

/// <summary>Management API for endpoints under <c>/api/v1/endpoints</c>.</summary>
internal static class EndpointsApi
{
    public static RouteGroupBuilder MapEndpointsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/endpoints").WithTags("Endpoints");
        group.MapGet("", ListEndpoints).WithName("ListEndpoints");
        group.MapGet("/{name}", GetEndpoint).WithName("GetEndpoint").Produces<ErrorDto>(StatusCodes.Status404NotFound);
        group.MapPost("", CreateEndpoint).WithName("CreateEndpoint")
            .Accepts<CreateEndpointRequest>("application/json")
            .Produces<EndpointDto>(StatusCodes.Status201Created)
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .Produces<ErrorDto>(StatusCodes.Status409Conflict);
        group.MapPut("/{name}", SetTarget).WithName("SetEndpointTarget")
            .Accepts<SetEndpointTargetRequest>("application/json")
            .Produces<EndpointDto>()
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound);
        return group;
    }

    internal static async Task<IResult> ListEndpoints(IEndpointStore endpoints, CancellationToken ct) =>
        TypedResults.Ok((await endpoints.ListAsync(ct).ConfigureAwait(false)).Select(e => e.ToDto()).ToArray());

    internal static async Task<IResult> GetEndpoint(string name, IEndpointStore endpoints, CancellationToken ct) =>
        await endpoints.GetAsync(name, ct).ConfigureAwait(false) is { } endpoint
            ? TypedResults.Ok(endpoint.ToDto())
            : OipResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' not found.");

    /// <summary>Creates an endpoint; the target is loaded before the endpoint is stored, so a new endpoint always serves.</summary>
    internal static async Task<IResult> CreateEndpoint(
        HttpRequest request, IEndpointStore endpoints, IModelStore models, ServingTable table, CancellationToken ct)
    {
        var (body, error) = await ReadJsonAsync(request, ModelplaneJson.Context.CreateEndpointRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return OipResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (!ResourceNames.IsValid(body.Name))
        {
            return OipResults.Error(StatusCodes.Status400BadRequest, $"Endpoint name '{body.Name}' is invalid: {ResourceNames.Rule}.");
        }

        if (await endpoints.GetAsync(body.Name, ct).ConfigureAwait(false) is not null)
        {
            return OipResults.Error(StatusCodes.Status409Conflict, $"Endpoint '{body.Name}' already exists; use PUT /api/v1/endpoints/{body.Name} to change its model.");
        }

        if (await FindTargetAsync(body.Model, body.Version, models, ct).ConfigureAwait(false) is not { } version)
        {
            return TargetNotFound(body.Model, body.Version);
        }

        await table.PreloadAsync(version, ct).ConfigureAwait(false);
        var endpoint = await endpoints.CreateAsync(body.Name, version.Model, version.Version, ct).ConfigureAwait(false);
        await table.ActivateAsync(endpoint, ct).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/endpoints/{Uri.EscapeDataString(endpoint.Name)}", endpoint.ToDto());
    }

    /// <summary>Switches the served version. The new version is loaded first; if it cannot load, nothing changes.</summary>
    internal static async Task<IResult> SetTarget(
        string name, HttpRequest request, IEndpointStore endpoints, IModelStore models, ServingTable table, CancellationToken ct)
    {
        var (body, error) = await ReadJsonAsync(request, ModelplaneJson.Context.SetEndpointTargetRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return OipResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is null)
        {
            return OipResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' not found.");
        }

        if (await FindTargetAsync(body.Model, body.Version, models, ct).ConfigureAwait(false) is not { } version)
        {
            return TargetNotFound(body.Model, body.Version);
        }

        await table.PreloadAsync(version, ct).ConfigureAwait(false);
        var endpoint = await endpoints.SetTargetAsync(name, version.Model, version.Version, ct).ConfigureAwait(false);
        await table.ActivateAsync(endpoint, ct).ConfigureAwait(false);
        return TypedResults.Ok(endpoint.ToDto());
    }

    private static async Task<ModelVersion?> FindTargetAsync(string? model, int version, IModelStore models, CancellationToken ct) =>
        string.IsNullOrEmpty(model) ? null
        : version > 0 ? await models.GetVersionAsync(model, version, ct).ConfigureAwait(false)
        : await models.GetLatestVersionAsync(model, ct).ConfigureAwait(false);

    private static IResult TargetNotFound(string? model, int version) => OipResults.Error(
        StatusCodes.Status404NotFound,
        string.IsNullOrEmpty(model) ? "The request names no model."
        : version > 0 ? $"Model '{model}' has no version {version}." : $"Model '{model}' not found.");

    private static async Task<(T? Body, string? Error)> ReadJsonAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, "The request body must be JSON (Content-Type: application/json).");
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync(request.Body, type, ct).ConfigureAwait(false);
            return body is null ? (null, "The request body is empty.") : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, $"The request body is not valid JSON for this operation: {ex.Message}");
        }
    }
}
