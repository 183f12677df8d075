using System.Text;
using Microsoft.Net.Http.Headers;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Policies;
using Modelplane.Registry.Models;
using Modelplane.Server.Hosting;

namespace Modelplane.Server.Api;

/// <summary>
/// The workspace's admission policy under <c>/api/v1/policy</c>, and a dry run of it for one version
/// (<c>POST /api/v1/models/{name}/versions/{v}/policy-check?action=</c>).
/// </summary>
internal static class PoliciesApi
{
    private static readonly string[] DocumentTypes = ["application/yaml", "application/x-yaml", "text/yaml", "application/json"];

    public static RouteGroupBuilder MapPoliciesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/policy").WithTags("Policies");
        group.MapGet("", GetPolicy).WithName("GetPolicy").RequireAccess(Permissions.Read)
            .Produces<PolicyDto>().Produces<ErrorDto>(StatusCodes.Status404NotFound);
        group.MapPut("", SetPolicy).WithName("SetPolicy").RequireAccess(Permissions.Administer)
            .Produces<PolicyDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest);
        group.MapDelete("", DeletePolicy).WithName("DeletePolicy").RequireAccess(Permissions.Administer)
            .Produces(StatusCodes.Status204NoContent).Produces<ErrorDto>(StatusCodes.Status404NotFound);
        app.MapPost("/api/v1/models/{name}/versions/{version}/policy-check", Check).WithName("CheckModelVersionPolicy")
            .WithTags("Policies").RequireAccess(Permissions.Read)
            .Produces<PolicyCheckDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound);
        return group;
    }

    internal static async Task<IResult> GetPolicy(HttpContext context, PolicyStore policies, CancellationToken ct) =>
        await policies.GetAsync(context.Workspace(), ct).ConfigureAwait(false) is { } policy
            ? TypedResults.Ok(ToDto(policy))
            : ErrorResults.Error(StatusCodes.Status404NotFound, $"Workspace '{context.Workspace()}' has no policy; every action is allowed.");

    internal static async Task<IResult> SetPolicy(HttpContext context, PolicyStore policies, CancellationToken ct)
    {
        var type = context.Request.ContentType is { } header && MediaTypeHeaderValue.TryParse(header, out var parsed) ? parsed.MediaType.Value : null;
        if (type is null || !DocumentTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"The policy must be sent as YAML or JSON (Content-Type: {string.Join(" or ", DocumentTypes)}); got '{type ?? "none"}'.");
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        try
        {
            return TypedResults.Ok(ToDto(await policies.SetAsync(context.Workspace(), text, context.ActorName(), ct).ConfigureAwait(false)));
        }
        catch (PolicyDocumentException ex)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"The policy is invalid: {ex.Message}");
        }
    }

    internal static async Task<IResult> DeletePolicy(HttpContext context, PolicyStore policies, CancellationToken ct) =>
        await policies.DeleteAsync(context.Workspace(), ct).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : ErrorResults.Error(StatusCodes.Status404NotFound, $"Workspace '{context.Workspace()}' has no policy.");

    internal static async Task<IResult> Check(
        string name, string version, string? action, HttpContext context, IModelAliasStore aliases, AdmissionPolicies admission, CancellationToken ct)
    {
        if (!PolicyActions.TryParse(action, out var parsed))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"action '{action}' is invalid: use deploy, promote or alias (?action=deploy).");
        }

        var (found, notFound) = await ApiRequests.FindVersionAsync(name, version, aliases, ct).ConfigureAwait(false);
        if (found is null)
        {
            return notFound!;
        }

        var violations = await admission.CheckAsync(context.Workspace(), found, parsed, ct).ConfigureAwait(false);
        return TypedResults.Ok(new PolicyCheckDto(found.Model, found.Version, PolicyActions.Name(parsed), violations.Count == 0, ToDto(violations)));
    }

    internal static PolicyViolationDto[] ToDto(IReadOnlyList<PolicyViolation> violations) =>
        [.. violations.Select(v => new PolicyViolationDto(v.Rule, v.Message))];

    private static PolicyDto ToDto(StoredPolicy policy) => new(
        policy.Workspace, policy.Text, policy.UpdatedAt, policy.UpdatedBy, policy.Document.Rules.Count,
        [.. Enum.GetValues<PolicyAction>().Where(policy.Document.AppliesTo.Contains).Select(PolicyActions.Name)]);
}
