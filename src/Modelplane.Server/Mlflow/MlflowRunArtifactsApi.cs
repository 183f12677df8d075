using Modelplane.Governance.Access;
using Modelplane.Registry.Tracking;
using Modelplane.Registry.Tracking.Artifacts;
using static Modelplane.Server.Mlflow.MlflowRequestReader;

namespace Modelplane.Server.Mlflow;

/// <summary><c>artifacts/list</c>: a run's artifacts, with paths relative to the run's artifact root.</summary>
internal static class MlflowRunArtifactsApi
{
    public static void MapMlflowRunArtifacts(this RouteGroupBuilder group) => group.MapGet("/artifacts/list", List).RequireAccess(Permissions.Read);

    // page_token is accepted and ignored: like MLflow's local and proxied repositories, one page holds the whole directory.
    private static async Task<IResult> List(HttpRequest request, ITrackingStore tracking, IRunArtifactStore artifacts, CancellationToken ct)
    {
        var query = request.Query;
        var runId = RunId(query["run_id"], query["run_uuid"]);
        var relative = MlflowArtifactPaths.Decode(query["path"], allowRoot: true);
        if (await tracking.GetRunAsync(runId, ct).ConfigureAwait(false) is not { } run)
        {
            return MlflowErrors.NotFound($"Run with id={runId} not found");
        }

        var root = RunArtifactPaths.FromUri(run.Info.ArtifactUri)
            ?? throw new MlflowRequestException(
                $"The artifacts of run {runId} are stored at '{run.Info.ArtifactUri}', which Modelplane does not serve; only mlflow-artifacts: URIs are.");

        // The store validates the combined path, so an experiment created with a hostile artifact_location is refused too.
        var listed = await artifacts.ListAsync(relative.Length == 0 ? root : $"{root}/{relative}", ct).ConfigureAwait(false);
        var files = listed.Count == 0 ? null : listed.Select(a => FileInfoDto.From(a, a.Path[(root.Length + 1)..])).ToArray();
        return TypedResults.Json(new ListArtifactsResponse(run.Info.ArtifactUri, files), MlflowArtifactsJsonContext.Default.ListArtifactsResponse);
    }
}
