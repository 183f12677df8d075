using Modelplane.Governance.Audit;
using System.Globalization;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;
using Modelplane.Server.Hosting;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Oip;

/// <summary>
/// Model control, after Triton's model-repository extension: <c>POST /v2/repository/index</c> and
/// <c>POST /v2/repository/models/{name}[/versions/{version}]/load|unload</c>.
/// </summary>
/// <remarks>
/// <para>The version is the route's <c>/versions/{n}</c> or the body's <c>{"parameters": {"version": "n"}}</c> (both
/// must agree). Without one, load takes the version <c>/v2/models/{name}/infer</c> serves (the endpoint's target when an
/// endpoint has that name, else the model's latest) and unload takes every version of the model.</para>
/// <para>Answers: 200 with the affected versions; 400 for a bad version or body; 404 for an unknown model or version;
/// 409 when a load would exceed <c>Modelplane:Serving:MemoryBudgetBytes</c> (the request is valid, the server's current
/// state refuses it, and unloading another version resolves it; Triton answers 400 for every load failure);
/// 503 when the artifact cannot be loaded.</para>
/// <para>An unloaded version stays unloaded until a load here, or an endpoint being created or switched to it (the
/// control path); requests for it get 503 naming this route. Unloads are not persisted: a restart loads every endpoint.</para>
/// </remarks>
internal static class RepositoryEndpoints
{
    public static IEndpointRouteBuilder MapModelRepository(this IEndpointRouteBuilder app)
    {
        var repository = app.MapGroup("/v2/repository").WithTags("Model repository");
        repository.MapPost("/index", Index).WithName("OipRepositoryIndex").Produces<IReadOnlyList<OipRepositoryModel>>().ExcludeFromAudit().RequireAccess(Permissions.Read);
        repository.MapPost("/models/{name}/load", Load).WithName("OipRepositoryLoad").RequireAccess(Permissions.Deploy);
        repository.MapPost("/models/{name}/versions/{version}/load", Load).WithName("OipRepositoryLoadVersion").RequireAccess(Permissions.Deploy);
        repository.MapPost("/models/{name}/unload", Unload).WithName("OipRepositoryUnload").RequireAccess(Permissions.Deploy);
        repository.MapPost("/models/{name}/versions/{version}/unload", Unload).WithName("OipRepositoryUnloadVersion").RequireAccess(Permissions.Deploy);
        return app;
    }

    private static async Task<IResult> Index(HttpRequest request, IModelStore models, ServingTable table, CancellationToken ct)
    {
        var (body, error) = await RepositoryRequest.ReadAsync(request, null, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        var states = table.RuntimeStatuses().ToDictionary(s => (s.Model, s.Version, s.Digest));
        var index = new List<OipRepositoryModel>();
        foreach (var model in (await models.ListModelsAsync(ct).ConfigureAwait(false)).OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            foreach (var version in (await models.ListVersionsAsync(model.Name, ct).ConfigureAwait(false)).OrderBy(v => v.Version))
            {
                var entry = states.TryGetValue((version.Model, version.Version, version.Digest), out var state)
                    ? ToDto(state)
                    : new OipRepositoryModel(version.Model, Number(version.Version), "UNAVAILABLE", "not loaded", null);
                if (!body.ReadyOnly || entry.State == "READY")
                {
                    index.Add(entry);
                }
            }
        }

        return Ok(index);
    }

    private static async Task<IResult> Load(
        string name, string? version, HttpRequest request, IModelStore models, IEndpointStore endpoints, ServingTable table, CancellationToken ct)
    {
        var (body, error) = await RepositoryRequest.ReadAsync(request, version, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        var endpoint = await endpoints.GetAsync(name, ct).ConfigureAwait(false);
        var target = body.Version is { } number
            ? await FindVersionAsync(name, number, endpoint, models, ct).ConfigureAwait(false)
            : endpoint is not null
                ? await models.GetVersionAsync(endpoint.Model, endpoint.Version, ct).ConfigureAwait(false)
                : await models.GetLatestVersionAsync(name, ct).ConfigureAwait(false);
        if (target is null)
        {
            return NotFound(name, body.Version);
        }

        try
        {
            await table.LoadAsync(target, ct).ConfigureAwait(false);
            if (body.Version is null && endpoint is not null)
            {
                await table.ActivateAsync(endpoint, ct).ConfigureAwait(false);
            }
        }
        catch (ModelMemoryBudgetException ex)
        {
            return ErrorResults.Error(StatusCodes.Status409Conflict, ex.Message);
        }

        var loaded = table.RuntimeStatuses().Where(s => s.Model == target.Model && s.Version == target.Version && s.Digest == target.Digest);
        return Ok([.. loaded.Select(ToDto)]);
    }

    private static async Task<IResult> Unload(
        string name, string? version, HttpRequest request, IModelStore models, IEndpointStore endpoints, ServingTable table, CancellationToken ct)
    {
        var (body, error) = await RepositoryRequest.ReadAsync(request, version, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        var endpoint = await endpoints.GetAsync(name, ct).ConfigureAwait(false);
        IReadOnlyList<ModelVersion> targets;
        if (body.Version is { } number)
        {
            targets = await FindVersionAsync(name, number, endpoint, models, ct).ConfigureAwait(false) is { } found ? [found] : [];
        }
        else
        {
            targets = await models.ListVersionsAsync(name, ct).ConfigureAwait(false);
            if (targets.Count == 0 && endpoint is not null)
            {
                targets = await models.ListVersionsAsync(endpoint.Model, ct).ConfigureAwait(false);
            }
        }

        if (targets.Count == 0)
        {
            return NotFound(name, body.Version);
        }

        var unloaded = table.Unload(targets);
        return Ok([.. unloaded.Select(s => new OipRepositoryModel(s.Model, Number(s.Version), "UNAVAILABLE", "unloaded on request", s.MemoryBytes))]);
    }

    /// <summary>A version of the model called <paramref name="name"/>, or of the endpoint's model when only an endpoint has that name.</summary>
    private static async Task<ModelVersion?> FindVersionAsync(string name, int number, Registry.Endpoints.Endpoint? endpoint, IModelStore models, CancellationToken ct) =>
        await models.GetVersionAsync(name, number, ct).ConfigureAwait(false)
        ?? (endpoint is null ? null : await models.GetVersionAsync(endpoint.Model, number, ct).ConfigureAwait(false));

    private static OipRepositoryModel ToDto(RuntimeStatus status) => new(
        status.Model,
        Number(status.Version),
        status.State.ToString().ToUpperInvariant(),
        status.Reason,
        status.MemoryBytes);

    private static string Number(int version) => version.ToString(CultureInfo.InvariantCulture);

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<IReadOnlyList<OipRepositoryModel>> Ok(IReadOnlyList<OipRepositoryModel> models) =>
        TypedResults.Json(models, ModelplaneJson.Context.IReadOnlyListOipRepositoryModel);

    private static IResult NotFound(string name, int? version) => ErrorResults.Error(
        StatusCodes.Status404NotFound,
        version is { } number
            ? string.Create(CultureInfo.InvariantCulture, $"Model '{name}' has no version {number}.")
            : $"Model '{name}' not found: no endpoint or model has that name.");
}
