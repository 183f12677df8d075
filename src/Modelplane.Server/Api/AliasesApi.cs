using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Audit;
using Modelplane.Governance.Policies;
using Modelplane.Registry.Models;
using Modelplane.Server.Hosting;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Api;

/// <summary>Management API for aliases under <c>/api/v1/models/{name}/aliases</c>.</summary>
internal static class AliasesApi
{
    public static RouteGroupBuilder MapAliasesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/models/{name}/aliases").WithTags("Models");
        group.MapGet("", ListAliases).WithName("ListModelAliases")
            .Produces<AliasDto[]>().Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Read);
        group.MapPut("/{alias}", SetAlias).WithName("SetModelAlias")
            .Produces<AliasDto>()
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .Produces<PolicyRefusalDto>(StatusCodes.Status403Forbidden)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Deploy);
        group.MapDelete("/{alias}", DeleteAlias).WithName("DeleteModelAlias")
            .Produces(StatusCodes.Status204NoContent).Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Deploy);
        return group;
    }

    internal static async Task<IResult> ListAliases(string name, IModelStore models, IModelAliasStore aliases, CancellationToken ct)
    {
        var list = await aliases.ListAsync(name, ct).ConfigureAwait(false);
        if (list.Count == 0 && await models.GetLatestVersionAsync(name, ct).ConfigureAwait(false) is null)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Model '{name}' not found.");
        }

        return TypedResults.Ok(list.Select(a => a.ToDto()).ToArray());
    }

    /// <summary>Creates or moves an alias; the routing table forgets the old target before the answer is sent.</summary>
    internal static async Task<IResult> SetAlias(
        string name, string alias, HttpRequest request, IModelAliasStore aliases, ServingTable table, AdmissionPolicies admission, CancellationToken ct)
    {
        if (!VersionMetadataRules.IsValidAlias(alias))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"Alias '{alias}' is invalid: {VersionMetadataRules.AliasRule}.");
        }

        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.SetAliasRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (body.Version < 1)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, "version must be a positive integer.");
        }

        await admission.EnsureAllowedAsync(request.HttpContext.Workspace(), name, body.Version, PolicyAction.Alias, ct).ConfigureAwait(false);
        var before = await aliases.ResolveAsync(name, alias, ct).ConfigureAwait(false);
        var set = await aliases.SetAsync(name, alias, body.Version, ct).ConfigureAwait(false);
        request.HttpContext.SetAuditSummary(before is null ? null : Summary(name, alias, before.Version), Summary(name, alias, set.Version));
        table.OnAliasChanged(name);
        return TypedResults.Ok(set.ToDto());
    }

    internal static async Task<IResult> DeleteAlias(
        string name, string alias, HttpContext context, IModelAliasStore aliases, ServingTable table, CancellationToken ct)
    {
        var before = VersionMetadataRules.IsValidAlias(alias) ? await aliases.ResolveAsync(name, alias, ct).ConfigureAwait(false) : null;
        if (!await aliases.DeleteAsync(name, alias, ct).ConfigureAwait(false))
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Model '{name}' has no alias '{alias}'.");
        }

        context.SetAuditSummary(before: before is null ? null : Summary(name, alias, before.Version));

        table.OnAliasChanged(name);
        return TypedResults.NoContent();
    }

    /// <summary>One line for the audit record, e.g. <c>alias churn@prod -> 2</c>.</summary>
    private static string Summary(string model, string alias, int version) => $"alias {model}@{alias} -> {version}";
}
