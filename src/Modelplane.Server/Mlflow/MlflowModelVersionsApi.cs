using System.Globalization;
using Modelplane.Governance.Access;
using Modelplane.Governance.Policies;
using Modelplane.Registry.Models;
using Modelplane.Registry.Storage;
using Modelplane.Registry.Tracking.Artifacts;
using Modelplane.Server.Api;
using static Modelplane.Server.Mlflow.MlflowRequestReader;

namespace Modelplane.Server.Mlflow;

/// <summary>model-versions/*: create, get, search, update, set-tag, delete-tag, get-download-uri, transition-stage.</summary>
internal static class MlflowModelVersionsApi
{
    // MLflow's default and largest page for model-version search.
    private const int DefaultMaxResults = 10_000;
    private const int MaxResultsLimit = 200_000;

    private static readonly IResult Ok = TypedResults.Json(new EmptyResponse(), MlflowJsonContext.Default.EmptyResponse);

    public static void MapMlflowModelVersions(this RouteGroupBuilder group)
    {
        group.MapPost("/model-versions/create", MlflowVersionRegistration.CreateAsync).RequireAccess(Permissions.Push);
        group.MapGet("/model-versions/get", Get).RequireAccess(Permissions.Read);
        group.MapGet("/model-versions/search", Search).RequireAccess(Permissions.Read);
        group.MapMethods("/model-versions/update", ["PATCH", "POST"], Update).RequireAccess(Permissions.Push);
        group.MapPost("/model-versions/set-tag", SetTag).RequireAccess(Permissions.Push);
        group.MapDelete("/model-versions/delete-tag", DeleteTag).RequireAccess(Permissions.Push);
        group.MapGet("/model-versions/get-download-uri", DownloadUri).RequireAccess(Permissions.Read);
        group.MapPost("/model-versions/transition-stage", TransitionStage).RequireAccess(Permissions.Deploy);
    }

    /// <summary>Parses MLflow's string version number.</summary>
    public static int VersionNumber(string? text) =>
        VersionMetadataRules.ParseVersionNumber(Required(text, "version"))
        ?? throw new MlflowRequestException($"Parameter 'version' must be a positive integer, got '{text}'.");

    public static ResourceNotFoundException NotFound(string name, int version) =>
        new($"Model Version (name={name}, version={version.ToString(CultureInfo.InvariantCulture)}) not found");

    private static async Task<IResult> Get(HttpRequest request, MlflowRegistryViews views, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.ModelVersionRequest, ct);
        return await RespondAsync(views, Required(body.Name, "name"), VersionNumber(body.Version), ct);
    }

    private static async Task<IResult> Search(HttpRequest request, IVersionStageStore stages, MlflowRegistryViews views, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.SearchRegistryRequest, ct);
        var max = body.MaxResults ?? DefaultMaxResults;
        if (max is < 1 or > MaxResultsLimit)
        {
            throw new MlflowRequestException($"Invalid value {max} for parameter 'max_results': it must be between 1 and {MaxResultsLimit}.");
        }

        var page = await stages.SearchAsync(body.Filter, body.OrderBy, (int)max, body.PageToken, ct);
        var found = new List<ModelVersionDto>(page.Items.Count);
        foreach (var (model, version) in page.Items)
        {
            if (await views.VersionAsync(model, version, ct) is { } dto)
            {
                found.Add(dto);
            }
        }

        return TypedResults.Json(
            new ModelVersionsPageResponse(found.Count == 0 ? null : [.. found], page.NextPageToken),
            MlflowJsonContext.Default.ModelVersionsPageResponse);
    }

    private static async Task<IResult> Update(HttpRequest request, IVersionMetadataStore metadata, MlflowRegistryViews views, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.UpdateRequest, ct);
        var (name, version) = (Required(body.Name, "name"), VersionNumber(body.Version));
        await metadata.SetDescriptionAsync(name, version, body.Description, ct);
        return await RespondAsync(views, name, version, ct);
    }

    private static async Task<IResult> SetTag(HttpRequest request, IVersionMetadataStore metadata, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.RegistryTagRequest, ct);
        var key = Required(body.Key, "key");
        var value = body.Value ?? "";
        VersionMetadataRules.ValidateKey(key, "Tag");
        VersionMetadataRules.ValidateValue(value, $"Tag '{key}'");
        await metadata.SetTagAsync(Required(body.Name, "name"), VersionNumber(body.Version), key, value, ct);
        return Ok;
    }

    private static async Task<IResult> DeleteTag(HttpRequest request, IVersionMetadataStore metadata, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.RegistryTagRequest, ct);
        var (name, version, key) = (Required(body.Name, "name"), VersionNumber(body.Version), Required(body.Key, "key"));
        return await metadata.DeleteTagAsync(name, version, key, ct)
            ? Ok
            : MlflowErrors.NotFound($"No tag with name: {key} for model {name} version {version.ToString(CultureInfo.InvariantCulture)}");
    }

    private static async Task<IResult> DownloadUri(HttpRequest request, MlflowRegistryViews views, MlflowModelLocator locator, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.ModelVersionRequest, ct);
        var (name, version) = (Required(body.Name, "name"), VersionNumber(body.Version));
        var dto = await views.VersionAsync(name, version, ct) ?? throw NotFound(name, version);

        // Versions registered through MLflow live in the artifact store; pushed ones are served by the management API.
        var uri = dto.Source.StartsWith("mlflow-artifacts:", StringComparison.Ordinal) || dto.Source.StartsWith("runs:", StringComparison.Ordinal)
            ? $"mlflow-artifacts:/{(await locator.LocateAsync(dto.Source, ct)).Directory}"
            : $"{request.Scheme}://{request.Host}/api/v1/models/{Uri.EscapeDataString(name)}/versions/{dto.Version}/artifact";
        return TypedResults.Json(new DownloadUriResponse(uri), MlflowJsonContext.Default.DownloadUriResponse);
    }

    private static async Task<IResult> TransitionStage(
        HttpRequest request, IVersionStageStore stages, IModelStore models, AdmissionPolicies admission, MlflowRegistryViews views, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.TransitionStageRequest, ct);
        var (name, version, stage) = (Required(body.Name, "name"), VersionNumber(body.Version), Required(body.Stage, "stage"));
        if (VersionStages.Normalize(stage) is VersionStages.Staging or VersionStages.Production)
        {
            var target = await models.GetVersionAsync(name, version, ct) ?? throw NotFound(name, version);
            await admission.EnsureAllowedAsync(request.HttpContext.Workspace(), target, PolicyAction.Promote, ct);
        }

        await stages.TransitionAsync(name, version, stage, body.ArchiveExistingVersions ?? false, ct);
        return await RespondAsync(views, name, version, ct);
    }

    internal static async Task<IResult> RespondAsync(MlflowRegistryViews views, string name, int version, CancellationToken ct) =>
        TypedResults.Json(
            new ModelVersionResponse(await views.VersionAsync(name, version, ct) ?? throw NotFound(name, version)),
            MlflowJsonContext.Default.ModelVersionResponse);
}
