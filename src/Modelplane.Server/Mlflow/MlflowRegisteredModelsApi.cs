using Modelplane.Governance.Access;
using Modelplane.Governance.Audit;
using Modelplane.Governance.Policies;
using Modelplane.Registry.Models;
using Modelplane.Registry.Tracking;
using Modelplane.Server.Api;
using static Modelplane.Server.Mlflow.MlflowRequestReader;

namespace Modelplane.Server.Mlflow;

/// <summary>registered-models/*: create, get, search, list (1.x), rename, update, set-tag, delete-tag, alias, get-latest-versions.</summary>
internal static class MlflowRegisteredModelsApi
{
    // MLflow's page size defaults for registered-model search.
    private const int DefaultMaxResults = 100;

    private static readonly IResult Ok = TypedResults.Json(new EmptyResponse(), MlflowJsonContext.Default.EmptyResponse);

    public static void MapMlflowRegisteredModels(this RouteGroupBuilder group)
    {
        group.MapPost("/registered-models/create", Create).RequireAccess(Permissions.Push);
        group.MapGet("/registered-models/get", Get).RequireAccess(Permissions.Read);
        group.MapGet("/registered-models/search", Search).RequireAccess(Permissions.Read);
        group.MapGet("/registered-models/list", Search).RequireAccess(Permissions.Read);
        group.MapPost("/registered-models/rename", Rename).RequireAccess(Permissions.Push);
        group.MapMethods("/registered-models/update", ["PATCH", "POST"], Update).RequireAccess(Permissions.Push);
        group.MapPost("/registered-models/set-tag", SetTag).RequireAccess(Permissions.Push);
        group.MapDelete("/registered-models/delete-tag", DeleteTag).RequireAccess(Permissions.Push);
        group.MapMethods("/registered-models/get-latest-versions", ["GET", "POST"], LatestVersions).ExcludeFromAudit().RequireAccess(Permissions.Read);
        group.MapPost("/registered-models/alias", SetAlias).RequireAccess(Permissions.Deploy);
        group.MapDelete("/registered-models/alias", DeleteAlias).RequireAccess(Permissions.Deploy);
        group.MapGet("/registered-models/alias", GetByAlias).RequireAccess(Permissions.Read);
    }

    private static async Task<IResult> Create(HttpRequest request, IRegisteredModelStore store, MlflowRegistryViews views, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.CreateRegisteredModelRequest, ct);
        var model = await store.CreateAsync(Required(body.Name, "name"), body.Description, TagMap(body.Tags), ct);
        return await RespondAsync(model, views, ct);
    }

    private static async Task<IResult> Get(HttpRequest request, IRegisteredModelStore store, MlflowRegistryViews views, CancellationToken ct)
    {
        var name = Required((await ReadAsync(request, MlflowJsonContext.Default.RegisteredModelNameRequest, ct)).Name, "name");
        return await RespondAsync(await FindAsync(store, name, ct), views, ct);
    }

    private static async Task<IResult> Search(HttpRequest request, IRegisteredModelStore store, MlflowRegistryViews views, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.SearchRegistryRequest, ct);
        var page = await store.SearchAsync(
            new RegisteredModelSearch(body.Filter, body.OrderBy, MaxResults(body.MaxResults, DefaultMaxResults), body.PageToken), ct);
        var dtos = new List<RegisteredModelDto>(page.Items.Count);
        foreach (var model in page.Items)
        {
            dtos.Add(await views.ModelAsync(model, ct));
        }

        return TypedResults.Json(
            new RegisteredModelsPageResponse(dtos.Count == 0 ? null : [.. dtos], page.NextPageToken),
            MlflowJsonContext.Default.RegisteredModelsPageResponse);
    }

    private static async Task<IResult> Rename(HttpRequest request, IRegisteredModelStore store, MlflowRegistryViews views, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.RenameRegisteredModelRequest, ct);
        var renamed = await store.RenameAsync(Required(body.Name, "name"), Required(body.NewName, "new_name"), ct);
        return await RespondAsync(renamed, views, ct);
    }

    private static async Task<IResult> Update(HttpRequest request, IRegisteredModelStore store, MlflowRegistryViews views, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.UpdateRequest, ct);
        return await RespondAsync(await store.SetDescriptionAsync(Required(body.Name, "name"), body.Description, ct), views, ct);
    }

    private static async Task<IResult> SetTag(HttpRequest request, IRegisteredModelStore store, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.RegistryTagRequest, ct);
        await store.SetTagAsync(Required(body.Name, "name"), Required(body.Key, "key"), body.Value ?? "", ct);
        return Ok;
    }

    private static async Task<IResult> DeleteTag(HttpRequest request, IRegisteredModelStore store, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.RegistryTagRequest, ct);
        var name = Required(body.Name, "name");
        var key = Required(body.Key, "key");
        return await store.DeleteTagAsync(name, key, ct) ? Ok : MlflowErrors.NotFound($"No tag with name: {key} in model {name}");
    }

    private static async Task<IResult> LatestVersions(HttpRequest request, IRegisteredModelStore store, MlflowRegistryViews views, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.LatestVersionsRequest, ct);
        var model = await FindAsync(store, Required(body.Name, "name"), ct);
        var stages = (body.Stages ?? []).Select(s => VersionStages.Normalize(s)
            ?? throw new MlflowRequestException($"Invalid Model Version stage: {s}. Value must be one of {string.Join(", ", VersionStages.All)}.")).ToList();
        var latest = await views.LatestVersionsAsync(model.Name, stages, ct);
        return TypedResults.Json(new ModelVersionsResponse(latest.Length == 0 ? null : latest), MlflowJsonContext.Default.ModelVersionsResponse);
    }

    private static async Task<IResult> SetAlias(HttpRequest request, IModelAliasStore aliases, IModelStore models, AdmissionPolicies admission, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.AliasRequest, ct);
        var alias = Required(body.Alias, "alias");
        if (!VersionMetadataRules.IsValidAlias(alias))
        {
            throw new MlflowRequestException($"Invalid alias '{alias}': {VersionMetadataRules.AliasRule}.");
        }

        var (name, version) = (Required(body.Name, "name"), MlflowModelVersionsApi.VersionNumber(body.Version));
        var target = await models.GetVersionAsync(name, version, ct) ?? throw MlflowModelVersionsApi.NotFound(name, version);
        await admission.EnsureAllowedAsync(request.HttpContext.Workspace(), target, PolicyAction.Alias, ct);
        await aliases.SetAsync(name, alias, version, ct);
        return Ok;
    }

    private static async Task<IResult> DeleteAlias(HttpRequest request, IModelAliasStore aliases, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.AliasRequest, ct);
        var name = Required(body.Name, "name");
        var alias = Required(body.Alias, "alias");
        return await aliases.DeleteAsync(name, alias, ct) ? Ok : MlflowErrors.NotFound($"Registered model alias {alias} not found.");
    }

    private static async Task<IResult> GetByAlias(HttpRequest request, IModelAliasStore aliases, MlflowRegistryViews views, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.AliasRequest, ct);
        var name = Required(body.Name, "name");
        var alias = Required(body.Alias, "alias");
        var version = VersionMetadataRules.IsValidAlias(alias) ? await aliases.ResolveAsync(name, alias, ct) : null;
        return version is not null && await views.VersionAsync(name, version.Version, ct) is { } dto
            ? TypedResults.Json(new ModelVersionResponse(dto), MlflowJsonContext.Default.ModelVersionResponse)
            : MlflowErrors.NotFound($"Registered model alias {alias} not found.");
    }

    internal static async Task<RegisteredModel> FindAsync(IRegisteredModelStore store, string name, CancellationToken ct) =>
        await store.GetAsync(name, ct) ?? throw new Registry.Storage.ResourceNotFoundException($"Registered Model with name={name} not found");

    private static async Task<IResult> RespondAsync(RegisteredModel model, MlflowRegistryViews views, CancellationToken ct) =>
        TypedResults.Json(new RegisteredModelResponse(await views.ModelAsync(model, ct)), MlflowJsonContext.Default.RegisteredModelResponse);
}
