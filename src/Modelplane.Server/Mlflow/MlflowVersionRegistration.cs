using Modelplane.Registry.Models;
using Modelplane.Server.Api;
using Modelplane.Registry.Storage;
using Modelplane.Registry.Tracking;
using Modelplane.Registry.Tracking.Artifacts;
using Modelplane.Serving.Routing;
using static Modelplane.Server.Mlflow.MlflowRequestReader;

namespace Modelplane.Server.Mlflow;

/// <summary>
/// model-versions/create: finds the model file behind the source in the run artifact store, pushes it as the next
/// version (inspected and signed like any push), and records the source, so an MLflow-logged ONNX model is servable
/// at once and its run appears in the version's lineage with the run's metrics and params.
/// </summary>
internal static class MlflowVersionRegistration
{
    public static async Task<IResult> CreateAsync(
        HttpRequest request,
        IRegisteredModelStore models,
        MlflowModelLocator locator,
        IRunArtifactStore artifacts,
        ITrackingStore tracking,
        ModelPublisher publisher,
        IVersionStageStore stages,
        ServingTable table,
        MlflowRegistryViews views,
        CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.CreateModelVersionRequest, ct);
        var name = Required(body.Name, "name");
        var source = Required(body.Source, "source");
        _ = await MlflowRegisteredModelsApi.FindAsync(models, name, ct);

        var located = await locator.LocateAsync(source, ct);
        var runId = string.IsNullOrEmpty(body.RunId) ? located.RunId : body.RunId;
        var run = runId is null ? null : await tracking.GetRunAsync(runId, ct);
        var metadata = Metadata(body, run, runId) with { Author = request.HttpContext.AuthorName() };

        ModelVersion version;
        await using (var file = await artifacts.OpenReadAsync(located.ModelFile, ct)
            ?? throw new ResourceNotFoundException($"The model file '{located.ModelFile}' named by '{source}' does not exist."))
        {
            version = await publisher.PushAsync(name, file, metadata, ct);
        }

        await stages.RecordSourceAsync(name, version.Version, source, body.RunLink, ct);
        table.OnVersionPushed(name);
        return await MlflowModelVersionsApi.RespondAsync(views, name, version.Version, ct);
    }

    private static PushMetadata Metadata(CreateModelVersionRequest body, Run? run, string? runId)
    {
        // The run's latest metrics and its params travel with the version so registry search and admission rules see
        // them; values the registry cannot hold (NaN, over-long params) stay on the run only.
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (run is not null)
        {
            foreach (var metric in run.Data.Metrics.Where(m => double.IsFinite(m.Value)))
            {
                metrics[metric.Key] = metric.Value;
            }

            foreach (var param in run.Data.Params.Where(p => p.Value.Length <= VersionMetadataRules.MaxValueLength))
            {
                parameters[param.Key] = param.Value;
            }
        }

        return new PushMetadata(body.Description, TagMap(body.Tags), metrics, null)
        {
            Params = parameters,
            Lineage = VersionLineage.Empty with { RunId = runId, CreatedBy = string.IsNullOrEmpty(run?.Info.UserId) ? null : run.Info.UserId },
        };
    }
}
