using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Policies;
using Modelplane.Registry.Lineage;
using Modelplane.Registry.Models;
using Modelplane.Registry.Tracking;
using Modelplane.Server.Hosting;

namespace Modelplane.Server.Api;

/// <summary>
/// Management API for what may change on a version, under <c>/api/v1/models/{name}/versions/{version}</c>, where
/// <c>{version}</c> is a number or an alias: tags, approval, model card, and the lineage graph.
/// </summary>
internal static class VersionMetadataApi
{
    public static RouteGroupBuilder MapVersionMetadataApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/models/{name}/versions/{version}").WithTags("Models");
        group.MapPut("/tags/{key}", SetTag).WithName("SetModelVersionTag")
            .Produces<ModelVersionDto>()
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Push);
        group.MapDelete("/tags/{key}", DeleteTag).WithName("DeleteModelVersionTag")
            .Produces(StatusCodes.Status204NoContent).Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Push);
        group.MapPost("/approval", SetApproval).WithName("SetModelVersionApproval").RequireAccess(Permissions.Approve)
            .Produces<ModelVersionDto>().Produces<ErrorDto>(StatusCodes.Status403Forbidden)
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound);
        // No Accepts<> on these routes: it turns a wrong Content-Type into a routing miss instead of a 400 that says why.
        group.MapPut("/card", ModelCardApi.SetCard).WithName("SetModelVersionCard")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Push);
        group.MapGet("/card", ModelCardApi.GetCard).WithName("GetModelVersionCard")
            .Produces<string>(StatusCodes.Status200OK, "text/markdown").Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Read);
        group.MapGet("/lineage", GetLineage).WithName("GetModelVersionLineage")
            .Produces<LineageGraphDto>().Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Read);
        return group;
    }

    internal static async Task<IResult> SetTag(
        string name, string version, string key, HttpRequest request, IModelAliasStore aliases, IVersionMetadataStore metadata, CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.SetTagRequest, ct).ConfigureAwait(false);
        if (body is null || body.Value is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error ?? "value is required: {\"value\":\"...\"}.");
        }

        VersionMetadataRules.ValidateKey(key, "Tag");
        VersionMetadataRules.ValidateValue(body.Value, $"Tag '{key}'");
        var (found, notFound) = await ApiRequests.FindVersionAsync(name, version, aliases, ct).ConfigureAwait(false);
        if (found is null)
        {
            return notFound!;
        }

        var updated = await metadata.SetTagAsync(found.Model, found.Version, key, body.Value, ct).ConfigureAwait(false);
        return TypedResults.Ok(updated.ToDto());
    }

    internal static async Task<IResult> DeleteTag(
        string name, string version, string key, IModelAliasStore aliases, IVersionMetadataStore metadata, CancellationToken ct)
    {
        var (found, notFound) = await ApiRequests.FindVersionAsync(name, version, aliases, ct).ConfigureAwait(false);
        if (found is null)
        {
            return notFound!;
        }

        return await metadata.DeleteTagAsync(found.Model, found.Version, key, ct).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : ErrorResults.Error(StatusCodes.Status404NotFound, $"{found.Model}@{found.Version} has no tag '{key}'.");
    }

    /// <summary>
    /// Records a review decision by the caller. A body <c>by</c> is ignored: who decided is the authenticated caller,
    /// never what the request claims. The author of a high-risk version cannot approve it (separation of duties).
    /// </summary>
    internal static async Task<IResult> SetApproval(
        string name, string version, HttpRequest request, IModelAliasStore aliases, IRegisteredModelStore models, IVersionMetadataStore metadata, CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.ApprovalRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (Validate(body, out var status) is { } invalid)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, invalid);
        }

        var (found, notFound) = await ApiRequests.FindVersionAsync(name, version, aliases, ct).ConfigureAwait(false);
        if (found is null)
        {
            return notFound!;
        }

        var by = request.HttpContext.ActorName();
        if (status == ApprovalStatus.Approved && found.Author is { } author && string.Equals(author, by, StringComparison.Ordinal))
        {
            var model = await models.GetAsync(found.Model, ct).ConfigureAwait(false);
            if (VersionFacts.From(found, model?.Tags, []).RiskTier == "high")
            {
                return ErrorResults.Error(
                    StatusCodes.Status403Forbidden,
                    $"{found.Model}@{found.Version} is high risk and was pushed by {author}; its author cannot approve it, a second person must.");
            }
        }

        var updated = await metadata.SetApprovalAsync(
            found.Model, found.Version, status, status == ApprovalStatus.Pending ? null : by, Blank(body.Comment), ct).ConfigureAwait(false);
        return TypedResults.Ok(updated.ToDto());
    }

    internal static async Task<IResult> GetLineage(
        string name, string version, IModelAliasStore aliases, IModelStore models, ITrackingStore runs, Registry.Monitoring.IReferenceProfileStore profiles,
        CancellationToken ct)
    {
        var (found, notFound) = await ApiRequests.FindVersionAsync(name, version, aliases, ct).ConfigureAwait(false);
        return found is null
            ? notFound!
            : TypedResults.Ok((await LineageGraphBuilder.BuildAsync(models, found, runs, profiles, ct).ConfigureAwait(false)).ToDto());
    }

    private static string? Validate(ApprovalRequest body, out ApprovalStatus status)
    {
        if (!VersionApproval.TryParse(body.Status, out status))
        {
            return $"status '{body.Status}' is invalid: use pending, approved or rejected.";
        }

        if (status == ApprovalStatus.Rejected && Blank(body.Comment) is null)
        {
            return "comment is required to reject a version: say why.";
        }

        return body.Comment?.Length > VersionMetadataRules.MaxValueLength ? $"comment is longer than {VersionMetadataRules.MaxValueLength} characters." : null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
