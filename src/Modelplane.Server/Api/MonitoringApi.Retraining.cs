using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Audit;
using Modelplane.Registry.Models;
using Modelplane.Registry.Monitoring;
using Modelplane.Server.Hosting;
using Modelplane.Server.Slos;

namespace Modelplane.Server.Api;

internal static partial class MonitoringApi
{
    private static readonly TimeSpan MinCooldown = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxCooldown = TimeSpan.FromDays(90);

    private static void MapRetraining(IEndpointRouteBuilder app)
    {
        var model = app.MapGroup("/api/v1/models/{name}/retraining").WithTags("Monitoring");
        model.MapPut("", SetRetraining).WithName("SetRetrainingTrigger")
            .Produces<RetrainingTriggerDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .RequireAccess(Permissions.Administer);
        model.MapGet("", GetRetraining).WithName("GetRetrainingTrigger")
            .Produces<RetrainingTriggerDto>().Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Read);
        model.MapDelete("", DeleteRetraining).WithName("DeleteRetrainingTrigger")
            .Produces(StatusCodes.Status204NoContent).Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Administer);
    }

    /// <summary>Sets the model's retraining webhook (replacing one it had); it fires on sustained drift or a quality breach of any version.</summary>
    internal static async Task<IResult> SetRetraining(string name, HttpRequest request, IModelStore models, IMonitoringStore store, CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.SetRetrainingRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (!Uri.TryCreate(body.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"url '{body.Url}' is not an absolute http or https URL.");
        }

        var cooldown = body.Cooldown is null ? TimeSpan.FromDays(1) : SloWindows.Parse(body.Cooldown);
        if (cooldown is not { } parsed || parsed < MinCooldown || parsed > MaxCooldown)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"cooldown '{body.Cooldown}' is not a duration from 1m to 90d; write e.g. 6h or 1d.");
        }

        if (await models.GetLatestVersionAsync(name, ct).ConfigureAwait(false) is null)
        {
            return ModelNotFound(name);
        }

        var trigger = await store.SetRetrainingAsync(name, url, body.Secret, parsed, request.HttpContext.ActorName(), ct).ConfigureAwait(false);
        request.HttpContext.SetAuditSummary(after: $"retraining webhook {url.GetLeftPart(UriPartial.Path)}{(body.Secret is null ? "" : ", signed")}, cooldown {SloWindows.Format(parsed)}");
        return TypedResults.Ok(ToDto(trigger));
    }

    /// <summary>The model's retraining webhook and how its firings went; 404 when it has none.</summary>
    internal static async Task<IResult> GetRetraining(string name, IMonitoringStore store, CancellationToken ct) =>
        await store.GetRetrainingAsync(name, ct).ConfigureAwait(false) is { } trigger
            ? TypedResults.Ok(ToDto(trigger))
            : NoTrigger(name);

    /// <summary>Removes the model's retraining webhook.</summary>
    internal static async Task<IResult> DeleteRetraining(string name, IMonitoringStore store, CancellationToken ct) =>
        await store.DeleteRetrainingAsync(name, ct).ConfigureAwait(false) ? TypedResults.NoContent() : NoTrigger(name);

    private static RetrainingTriggerDto ToDto(RetrainingTrigger t) => new(
        t.Model, t.Url.ToString(), t.Secret is not null, SloWindows.Format(t.Cooldown), t.LastFiredAt, t.LastError, t.Fired, t.CreatedAt, t.CreatedBy);

    private static IResult NoTrigger(string name) => ErrorResults.Error(
        StatusCodes.Status404NotFound, $"Model '{name}' has no retraining webhook. Set one with `modelplane models retraining set {name} --url URL`.");

    private static IResult ModelNotFound(string name) =>
        ErrorResults.Error(StatusCodes.Status404NotFound, $"Model '{name}' not found. List models with `modelplane models list`.");
}
