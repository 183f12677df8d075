using Modelplane.Governance.Access;
using Modelplane.Governance.Audit;
using Modelplane.Registry.Tracking;
using static Modelplane.Server.Mlflow.MlflowRequestReader;

namespace Modelplane.Server.Mlflow;

/// <summary>experiments/*: create, get, get-by-name, search, list (1.x), update, delete, restore, set-experiment-tag.</summary>
internal static class MlflowExperimentsApi
{
    private static readonly IResult Ok = TypedResults.Json(new EmptyResponse(), MlflowJsonContext.Default.EmptyResponse);

    public static void MapMlflowExperiments(this RouteGroupBuilder group)
    {
        group.MapPost("/experiments/create", Create).RequireAccess(Permissions.Push);
        group.MapGet("/experiments/get", Get).RequireAccess(Permissions.Read);
        group.MapGet("/experiments/get-by-name", GetByName).RequireAccess(Permissions.Read);
        group.MapMethods("/experiments/search", ["GET", "POST"], Search).ExcludeFromAudit().RequireAccess(Permissions.Read);
        group.MapGet("/experiments/list", Search).RequireAccess(Permissions.Read);
        group.MapPost("/experiments/update", Update).RequireAccess(Permissions.Push);
        group.MapPost("/experiments/delete", (HttpRequest r, ITrackingStore s, CancellationToken ct) => SetLifecycle(r, s, LifecycleStages.Deleted, ct)).RequireAccess(Permissions.Push);
        group.MapPost("/experiments/restore", (HttpRequest r, ITrackingStore s, CancellationToken ct) => SetLifecycle(r, s, LifecycleStages.Active, ct)).RequireAccess(Permissions.Push);
        group.MapPost("/experiments/set-experiment-tag", SetTag).RequireAccess(Permissions.Push);
    }

    private static async Task<IResult> Create(HttpRequest request, ITrackingStore store, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.CreateExperimentRequest, ct);
        var tags = (body.Tags ?? []).Select(t => new TrackingTag(Required(t.Key, "tags.key"), t.Value ?? "")).ToList();
        var id = await store.CreateExperimentAsync(Required(body.Name, "name"), body.ArtifactLocation, tags, ct);
        return TypedResults.Json(new CreateExperimentResponse(id), MlflowJsonContext.Default.CreateExperimentResponse);
    }

    private static async Task<IResult> Get(HttpRequest request, ITrackingStore store, CancellationToken ct)
    {
        var id = Required((await ReadAsync(request, MlflowJsonContext.Default.ExperimentIdRequest, ct)).ExperimentId, "experiment_id");
        return await store.GetExperimentAsync(id, ct) is { } experiment
            ? TypedResults.Json(new ExperimentResponse(ExperimentDto.From(experiment)), MlflowJsonContext.Default.ExperimentResponse)
            : MlflowErrors.NotFound($"No Experiment with id={id} exists");
    }

    private static async Task<IResult> GetByName(HttpRequest request, ITrackingStore store, CancellationToken ct)
    {
        var name = Required((await ReadAsync(request, MlflowJsonContext.Default.ExperimentNameRequest, ct)).ExperimentName, "experiment_name");
        return await store.GetExperimentByNameAsync(name, ct) is { } experiment
            ? TypedResults.Json(new ExperimentResponse(ExperimentDto.From(experiment)), MlflowJsonContext.Default.ExperimentResponse)
            : MlflowErrors.NotFound($"Could not find experiment with name '{name}'");
    }

    private static async Task<IResult> Search(HttpRequest request, ITrackingStore store, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.SearchExperimentsRequest, ct);
        var page = await store.SearchExperimentsAsync(
            new ExperimentSearch(body.Filter, body.OrderBy, ViewType(body.ViewType), MaxResults(body.MaxResults, TrackingValidation.DefaultMaxResults), body.PageToken),
            ct);
        return TypedResults.Json(
            new ExperimentsPageResponse(page.Items.Count == 0 ? null : [.. page.Items.Select(ExperimentDto.From)], page.NextPageToken),
            MlflowJsonContext.Default.ExperimentsPageResponse);
    }

    private static async Task<IResult> Update(HttpRequest request, ITrackingStore store, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.UpdateExperimentRequest, ct);
        await store.RenameExperimentAsync(Required(body.ExperimentId, "experiment_id"), Required(body.NewName, "new_name"), ct);
        return Ok;
    }

    private static async Task<IResult> SetLifecycle(HttpRequest request, ITrackingStore store, string stage, CancellationToken ct)
    {
        var id = Required((await ReadAsync(request, MlflowJsonContext.Default.ExperimentIdRequest, ct)).ExperimentId, "experiment_id");
        await store.SetExperimentLifecycleAsync(id, stage, ct);
        return Ok;
    }

    private static async Task<IResult> SetTag(HttpRequest request, ITrackingStore store, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.SetExperimentTagRequest, ct);
        await store.SetExperimentTagAsync(
            Required(body.ExperimentId, "experiment_id"), new TrackingTag(Required(body.Key, "key"), body.Value ?? ""), ct);
        return Ok;
    }
}
