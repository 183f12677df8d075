using Modelplane.Governance.Access;
using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Lifecycle;
using Modelplane.Registry.Storage;
using Modelplane.Serving.Routing;
using static Modelplane.Server.Mlflow.MlflowRequestReader;

namespace Modelplane.Server.Mlflow;

/// <summary>
/// registered-models/delete and model-versions/delete. MLflow deletes for good; Modelplane soft-deletes, so the
/// version disappears for MLflow clients at once and an operator can still restore it until it is purged.
/// </summary>
internal static class MlflowRegistryDeletes
{
    private const string DeletedBy = "mlflow-api";

    private static readonly IResult Ok = TypedResults.Json(new EmptyResponse(), MlflowJsonContext.Default.EmptyResponse);

    public static void MapMlflowRegistryDeletes(this RouteGroupBuilder group)
    {
        group.MapDelete("/registered-models/delete", DeleteModel).RequireAccess(Permissions.Push);
        group.MapDelete("/model-versions/delete", DeleteVersion).RequireAccess(Permissions.Push);
    }

    private static async Task<IResult> DeleteModel(
        HttpRequest request, IRegisteredModelStore models, IModelLifecycleStore lifecycle, ServingTable table, CancellationToken ct)
    {
        var name = Required((await ReadAsync(request, MlflowJsonContext.Default.RegisteredModelNameRequest, ct)).Name, "name");
        _ = await MlflowRegisteredModelsApi.FindAsync(models, name, ct);
        try
        {
            await lifecycle.DeleteModelAsync(name, new DeleteOptions(DeletedBy), ct);
        }
        catch (ResourceConflictException ex)
        {
            return InUse(ex);
        }

        table.OnVersionsRemoved(name);
        return Ok;
    }

    private static async Task<IResult> DeleteVersion(
        HttpRequest request, MlflowRegistryViews views, IModelLifecycleStore lifecycle, ServingTable table, CancellationToken ct)
    {
        var body = await ReadAsync(request, MlflowJsonContext.Default.ModelVersionRequest, ct);
        var (name, version) = (Required(body.Name, "name"), MlflowModelVersionsApi.VersionNumber(body.Version));
        _ = await views.VersionAsync(name, version, ct) ?? throw MlflowModelVersionsApi.NotFound(name, version);
        try
        {
            // MLflow drops a deleted version's aliases with it.
            await lifecycle.DeleteVersionAsync(name, version, new DeleteOptions(DeletedBy) { RemoveAliases = true }, ct);
        }
        catch (ResourceConflictException ex)
        {
            return InUse(ex);
        }

        table.OnVersionsRemoved(name, [version]);
        return Ok;
    }

    // The version or model exists and is live (checked above), so a conflict means something serves it.
    private static IResult InUse(ResourceConflictException ex) => MlflowErrors.Error(StatusCodes.Status409Conflict, MlflowErrors.InvalidState, ex.Message);
}
