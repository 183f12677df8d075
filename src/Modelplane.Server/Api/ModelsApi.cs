using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Signing;
using Modelplane.Registry;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.Models;
using Modelplane.Server.Hosting;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Api;

/// <summary>Management API for models and versions under <c>/api/v1/models</c>.</summary>
internal static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/models").WithTags("Models");
        group.MapGet("", ListModels).WithName("ListModels").RequireAccess(Permissions.Read);
        group.MapGet("/{name}", GetModel).WithName("GetModel").Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Read);
        group.MapGet("/{name}/versions", ListVersions).WithName("ListModelVersions").RequireAccess(Permissions.Read);
        group.MapGet("/{name}/versions/{version}", GetVersion).WithName("GetModelVersion")
            .Produces<ModelVersionDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Read);
        group.MapGet("/{name}/versions/{version}/artifact", DownloadArtifact).WithName("DownloadModelVersionArtifact")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Read);
        group.MapPost("/{name}/versions", PushVersion).WithName("PushModelVersion")
            .Produces<ModelVersionDto>(StatusCodes.Status201Created)
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDto>(StatusCodes.Status413PayloadTooLarge).RequireAccess(Permissions.Push);
        return group;
    }

    internal static async Task<Ok<ModelSummaryDto[]>> ListModels(IModelStore models, CancellationToken ct) =>
        TypedResults.Ok((await models.ListModelsAsync(ct).ConfigureAwait(false)).Select(m => m.ToDto()).ToArray());

    internal static async Task<IResult> GetModel(string name, IModelStore models, CancellationToken ct)
    {
        var versions = await models.ListVersionsAsync(name, ct).ConfigureAwait(false);
        return versions.Count == 0
            ? ErrorResults.Error(StatusCodes.Status404NotFound, $"Model '{name}' not found.")
            : TypedResults.Ok(new ModelDto(name, versions.Max(v => v.Version), [.. versions.Select(v => v.ToDto())]));
    }

    internal static async Task<IResult> ListVersions(string name, IModelStore models, CancellationToken ct)
    {
        var versions = await models.ListVersionsAsync(name, ct).ConfigureAwait(false);
        return versions.Count == 0
            ? ErrorResults.Error(StatusCodes.Status404NotFound, $"Model '{name}' not found.")
            : TypedResults.Ok(versions.Select(v => v.ToDto()).ToArray());
    }

    /// <summary>One version by number or alias (<c>/versions/3</c>, <c>/versions/champion</c>).</summary>
    internal static async Task<IResult> GetVersion(string name, string version, IModelAliasStore aliases, CancellationToken ct)
    {
        var (found, error) = await ApiRequests.FindVersionAsync(name, version, aliases, ct).ConfigureAwait(false);
        return found is null ? error! : TypedResults.Ok(found.ToDto());
    }

    /// <summary>The version's artifact bytes, verified against its digest, with the digest as ETag.</summary>
    internal static async Task<IResult> DownloadArtifact(string name, string version, IModelAliasStore aliases, IArtifactStore artifacts, CancellationToken ct)
    {
        var (found, error) = await ApiRequests.FindVersionAsync(name, version, aliases, ct).ConfigureAwait(false);
        if (found is null)
        {
            return error!;
        }

        var bytes = await artifacts.ReadVerifiedAsync(found.Digest, ct).ConfigureAwait(false);
        var extension = found.Format == "mlnet" ? "zip" : found.Format;
        return TypedResults.File(
            bytes, "application/octet-stream", $"{found.Model}-{found.Version.ToString(CultureInfo.InvariantCulture)}.{extension}",
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"sha256:{found.Digest}\""));
    }

    /// <summary>Streams the raw ONNX body into the artifact store; metadata comes in the query string.</summary>
    internal static async Task<IResult> PushVersion(
        string name, HttpContext context, ModelPublisher publisher, ServingTable table, IOptions<RegistryOptions> options,
        ArtifactSignatureVerifier verifier, CancellationToken ct)
    {
        var limit = options.Value.MaxUploadBytes;
        if (context.Request.ContentLength > limit)
        {
            return ErrorResults.Error(StatusCodes.Status413PayloadTooLarge, $"The upload is {context.Request.ContentLength} bytes; the limit is {limit} bytes.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            // The publisher enforces the limit while streaming; Kestrel's default (30 MB) must not cut in first.
            sizeLimit.MaxRequestBodySize = null;
        }

        var query = PushQuery.Parse(context.Request.Query);
        if (query.Error is { } error)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error);
        }

        // The signature is checked against the digest the client declared before a byte is stored; the publisher then
        // refuses a body that does not hash to that digest, so a bad signature or a swapped body registers nothing.
        var (signature, signatureError) = await Governance.PushSignature.VerifyAsync(query.Signature, context, verifier, ct).ConfigureAwait(false);
        if (signatureError is not null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, signatureError);
        }

        var metadata = query.Metadata! with { Author = context.AuthorName(), Signatures = signature is null ? [] : [signature] };
        var version = await publisher.PushAsync(name, context.Request.Body, metadata, ct).ConfigureAwait(false);

        table.OnVersionPushed(version.Model);
        return TypedResults.Created(
            $"/api/v1/models/{Uri.EscapeDataString(version.Model)}/versions/{version.Version.ToString(CultureInfo.InvariantCulture)}",
            version.ToDto());
    }
}
