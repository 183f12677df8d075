using Modelplane.Governance.Access;
using Modelplane.Governance.Audit;
using Modelplane.Registry.Tracking;
using static Modelplane.Server.Mlflow.MlflowRequestReader;

namespace Modelplane.Server.Mlflow;

/// <summary>runs/* and metrics/get-history.</summary>
internal static class MlflowRunsApi
{
    // MLflow's default page for get-history.
    private const int HistoryPageSize = 25_000;

    private static readonly IResult Ok = TypedResults.Json(new EmptyResponse(), MlflowJsonContext.Default.EmptyResponse);

    public static void MapMlflowRuns(this RouteGroupBuilder group)
    {
        group.MapPost("/runs/create", Create).RequireAccess(Permissions.Push);
        group.MapGet("/runs/get", Get).RequireAccess(Permissions.Read);
        group.MapPost("/runs/update", Update).RequireAccess(Permissions.Push);
        group.MapPost("/runs/delete", (HttpRequest r, ITrackingStore s, CancellationToken ct) => SetLifecycle(r, s, LifecycleStages.Deleted, ct)).RequireAccess(Permissions.Push);
        group.MapPost("/runs/restore", (HttpRequest r, ITrackingStore s, CancellationToken ct) => SetLifecycle(r, s, LifecycleStages.Active, ct)).RequireAccess(Permissions.Push);
        group.MapPost("/runs/log-metric", LogMetric).RequireAccess(Permissions.Push);
        group.MapPost("/runs/log-parameter", LogParameter).RequireAccess(Permissions.Push);
        group.MapPost("/runs/log-batch", LogBatch).RequireAccess(Permissions.Push);
        group.MapPost("/runs/log-inputs", LogInputs).RequireAccess(Permissions.Push);
        group.MapPost("/runs/set-tag", SetTag).RequireAccess(Permissions.Push);
        group.MapPost("/runs/delete-tag", DeleteTag).RequireAccess(Permissions.Push);
        group.MapMethods("/runs/search", ["GET", "POST"], Search).ExcludeFromAudit().RequireAccess(Permissions.Read);
        group.MapGet("/metrics/get-history", GetHistory).RequireAccess(Permissions.Read);
    }

    private static async Task<IResult> Create(HttpRequest request, ITrackingStore store, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.CreateRunRequest, ct);

        // MLflow clients that predate experiment ids on runs/create log to the default experiment.
        var run = await store.CreateRunAsync(
            new NewRun(string.IsNullOrEmpty(body.ExperimentId) ? "0" : body.ExperimentId, body.RunName, body.UserId, body.StartTime, Tags(body.Tags)), ct);
        return TypedResults.Json(new RunResponse(RunDto.From(run)), MlflowJsonContext.Default.RunResponse);
    }

    private static async Task<IResult> Get(HttpRequest request, ITrackingStore store, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.RunIdRequest, ct);
        var runId = RunId(body.RunId, body.RunUuid);
        return await store.GetRunAsync(runId, ct) is { } run
            ? TypedResults.Json(new RunResponse(RunDto.From(run)), MlflowJsonContext.Default.RunResponse)
            : MlflowErrors.NotFound($"Run with id={runId} not found");
    }

    private static async Task<IResult> Update(HttpRequest request, ITrackingStore store, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.UpdateRunRequest, ct);
        var info = await store.UpdateRunAsync(RunId(body.RunId, body.RunUuid), new RunUpdate(body.Status, body.EndTime, body.RunName), ct);
        return TypedResults.Json(new RunInfoResponse(RunInfoDto.From(info)), MlflowJsonContext.Default.RunInfoResponse);
    }

    private static async Task<IResult> SetLifecycle(HttpRequest request, ITrackingStore store, string stage, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.RunIdRequest, ct);
        await store.SetRunLifecycleAsync(RunId(body.RunId, body.RunUuid), stage, ct);
        return Ok;
    }

    private static async Task<IResult> LogMetric(HttpRequest request, ITrackingStore store, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.LogMetricRequest, ct);
        var metric = ToMetric(new MetricDto(body.Key, body.Value, body.Timestamp, body.Step));
        await store.LogBatchAsync(RunId(body.RunId, body.RunUuid), RunBatch.Of(metric), ct);
        return Ok;
    }

    private static async Task<IResult> LogParameter(HttpRequest request, ITrackingStore store, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.RunKeyValueRequest, ct);
        var param = new TrackingTag(Required(body.Key, "key"), Required(body.Value, "value"));
        await store.LogBatchAsync(RunId(body.RunId, body.RunUuid), RunBatch.OfParam(param), ct);
        return Ok;
    }

    private static async Task<IResult> SetTag(HttpRequest request, ITrackingStore store, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.RunKeyValueRequest, ct);
        var tag = new TrackingTag(Required(body.Key, "key"), body.Value ?? "");
        await store.LogBatchAsync(RunId(body.RunId, body.RunUuid), RunBatch.OfTag(tag), ct);
        return Ok;
    }

    private static async Task<IResult> DeleteTag(HttpRequest request, ITrackingStore store, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.RunKeyValueRequest, ct);
        await store.DeleteRunTagAsync(RunId(body.RunId, body.RunUuid), Required(body.Key, "key"), ct);
        return Ok;
    }

    private static async Task<IResult> LogBatch(HttpRequest request, ITrackingStore store, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.LogBatchRequest, ct);
        var batch = new RunBatch(
            [.. (body.Metrics ?? []).Select(ToMetric)],
            [.. (body.Params ?? []).Select(p => new TrackingTag(Required(p.Key, "params.key"), Required(p.Value, "params.value")))],
            Tags(body.Tags));
        await store.LogBatchAsync(RunId(body.RunId, body.RunUuid), batch, ct);
        return Ok;
    }

    private static async Task<IResult> LogInputs(HttpRequest request, ITrackingStore store, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.LogInputsRequest, ct);
        var inputs = (body.Datasets ?? []).Select(i => i.Dataset is { } d
            ? new DatasetInput(new Dataset(d.Name ?? "", d.Digest ?? "", d.SourceType ?? "", d.Source ?? "", d.Schema, d.Profile), Tags(i.Tags))
            : throw new MlflowRequestException("Missing value for required parameter 'datasets.dataset'.")).ToList();
        await store.LogInputsAsync(RunId(body.RunId, body.RunUuid), inputs, ct);
        return Ok;
    }

    private static async Task<IResult> Search(HttpRequest request, ITrackingStore store, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.SearchRunsRequest, ct);
        var page = await store.SearchRunsAsync(
            new RunSearch(body.ExperimentIds ?? [], body.Filter, body.OrderBy, ViewType(body.RunViewType),
                MaxResults(body.MaxResults, TrackingValidation.DefaultMaxResults), body.PageToken),
            ct);
        return TypedResults.Json(
            new RunsPageResponse(page.Items.Count == 0 ? null : [.. page.Items.Select(RunDto.From)], page.NextPageToken),
            MlflowJsonContext.Default.RunsPageResponse);
    }

    private static async Task<IResult> GetHistory(HttpRequest request, ITrackingStore store, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.MetricHistoryRequest, ct);
        var page = await store.GetMetricHistoryAsync(
            RunId(body.RunId, body.RunUuid), Required(body.MetricKey, "metric_key"), MaxResults(body.MaxResults, HistoryPageSize), body.PageToken, ct);
        return TypedResults.Json(
            new MetricsPageResponse(page.Items.Count == 0 ? null : [.. page.Items.Select(MetricDto.From)], page.NextPageToken),
            MlflowJsonContext.Default.MetricsPageResponse);
    }

    private static Metric ToMetric(MetricDto m) => new(
        Required(m.Key, "key"), Required(m.Value, "value"), Required(m.Timestamp, "timestamp"), m.Step ?? 0);

    private static List<TrackingTag> Tags(KeyValueDto[]? tags) =>
        [.. (tags ?? []).Select(t => new TrackingTag(Required(t.Key, "tags.key"), t.Value ?? ""))];
}
