using FromQuery = Microsoft.AspNetCore.Mvc.FromQueryAttribute;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Lifecycle;
using Modelplane.Server.Hosting;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Api;

/// <summary>
/// Soft delete, restore and purge of models and versions, and the list of deleted items. Deleting is refused (409)
/// while an endpoint serves the version; the routing table forgets a deleted version before the answer is sent.
/// </summary>
internal static partial class ModelLifecycleApi
{
    public static RouteGroupBuilder MapModelLifecycleApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/v1/models/{name}").WithTags("Models");
        models.MapDelete("", DeleteModel).WithName("DeleteModel")
            .Produces<DeletedModelDto>().Produces<ErrorDto>(StatusCodes.Status404NotFound).Produces<ErrorDto>(StatusCodes.Status409Conflict).RequireAccess(Permissions.Push);
        models.MapDelete("/versions/{version}", DeleteVersion).WithName("DeleteModelVersion")
            .Produces<DeletedVersionDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound).Produces<ErrorDto>(StatusCodes.Status409Conflict).RequireAccess(Permissions.Push);
        models.MapPost("/restore", RestoreModel).WithName("RestoreModel")
            .Produces<ModelVersionDto[]>().Produces<ErrorDto>(StatusCodes.Status404NotFound).Produces<ErrorDto>(StatusCodes.Status409Conflict).RequireAccess(Permissions.Push);
        models.MapPost("/versions/{version}/restore", RestoreVersion).WithName("RestoreModelVersion")
            .Produces<ModelVersionDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound).Produces<ErrorDto>(StatusCodes.Status409Conflict).RequireAccess(Permissions.Push);
        models.MapPost("/purge", PurgeModel).WithName("PurgeModel")
            .Produces<PurgeResultDto>().Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Administer);
        models.MapPost("/versions/{version}/purge", PurgeVersion).WithName("PurgeModelVersion")
            .Produces<PurgeResultDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound).Produces<ErrorDto>(StatusCodes.Status409Conflict).RequireAccess(Permissions.Administer);

        var deleted = app.MapGroup("/api/v1/deleted").WithTags("Models");
        deleted.MapGet("", ListDeleted).WithName("ListDeleted").Produces<DeletedItemsDto>().RequireAccess(Permissions.Read);
        deleted.MapPost("/purge", PurgeAll).WithName("PurgeAllDeleted").Produces<PurgeResultDto>().RequireAccess(Permissions.Administer);
        return models;
    }

    /// <summary>Soft-deletes a model with all its versions; <c>?reason=</c> and <c>?deleted_by=</c> are recorded.</summary>
    internal static async Task<IResult> DeleteModel(
        string name, string? reason, [FromQuery(Name = "deleted_by")] string? deletedBy,
        IModelLifecycleStore lifecycle, ServingTable table, CancellationToken ct)
    {
        var deleted = await lifecycle.DeleteModelAsync(name, new DeleteOptions(deletedBy, reason), ct).ConfigureAwait(false);
        table.OnVersionsRemoved(name);
        return TypedResults.Ok(deleted.ToDto());
    }

    /// <summary>Soft-deletes one version by number or alias; <c>?remove_aliases=true</c> also removes the aliases naming it.</summary>
    internal static async Task<IResult> DeleteVersion(
        string name, string version, string? reason, [FromQuery(Name = "deleted_by")] string? deletedBy,
        [FromQuery(Name = "remove_aliases")] string? removeAliases,
        IModelLifecycleStore lifecycle, IModelAliasStore aliases, ServingTable table, CancellationToken ct)
    {
        if (ParseFlag(removeAliases) is not { } remove)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"remove_aliases must be true or false, not '{removeAliases}'.");
        }

        // A number goes to the store as it is, so a version deleted earlier answers 409 "already deleted", not 404.
        var number = VersionMetadataRules.ParseVersionNumber(version);
        if (number is null)
        {
            var (found, error) = await ApiRequests.FindVersionAsync(name, version, aliases, ct).ConfigureAwait(false);
            if (found is null)
            {
                return error!;
            }

            number = found.Version;
        }

        var deleted = await lifecycle.DeleteVersionAsync(
            name, number.Value, new DeleteOptions(deletedBy, reason) { RemoveAliases = remove }, ct).ConfigureAwait(false);
        table.OnVersionsRemoved(name, [number.Value]);
        return TypedResults.Ok(deleted.ToDto());
    }

    internal static async Task<IResult> RestoreModel(string name, IModelLifecycleStore lifecycle, ServingTable table, CancellationToken ct)
    {
        var restored = await lifecycle.RestoreAsync(name, null, ct).ConfigureAwait(false);
        table.OnVersionsRestored(name);
        return TypedResults.Ok(restored.Select(v => v.ToDto()).ToArray());
    }

    internal static async Task<IResult> RestoreVersion(string name, string version, IModelLifecycleStore lifecycle, ServingTable table, CancellationToken ct)
    {
        if (VersionNumber(version) is not { } number)
        {
            return NumberRequired(version);
        }

        var restored = await lifecycle.RestoreAsync(name, number, ct).ConfigureAwait(false);
        table.OnVersionsRestored(name);
        return TypedResults.Ok(restored[0].ToDto());
    }

    internal static async Task<IResult> ListDeleted(string? model, IModelLifecycleStore lifecycle, CancellationToken ct) =>
        TypedResults.Ok((await lifecycle.ListDeletedAsync(model, ct).ConfigureAwait(false)).ToDto());

    private static int? VersionNumber(string version) => VersionMetadataRules.ParseVersionNumber(version);

    private static IResult NumberRequired(string version) => ErrorResults.Error(
        StatusCodes.Status400BadRequest,
        $"Version '{version}' is not a version number; restore and purge take numbers, because aliases never point at deleted versions.");

    private static bool? ParseFlag(string? text) => text switch
    {
        null or "" or "false" or "0" => false,
        "true" or "1" => true,
        _ => null,
    };
}
