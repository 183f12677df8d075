using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Registry;
using Modelplane.Registry.Models.Archive;
using Modelplane.Server.Hosting;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Api;

/// <summary>Whole-model archives: <c>GET /api/v1/models/{name}/export</c> and <c>POST /api/v1/models/import</c>.</summary>
internal static class ModelArchiveApi
{
    public static RouteGroupBuilder MapModelArchiveApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/models").WithTags("Models");
        group.MapGet("/{name}/export", Export).WithName("ExportModel")
            .Produces(StatusCodes.Status200OK, responseType: null, ModelArchiveFormat.TarMediaType, ModelArchiveFormat.GzipMediaType)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Read);
        // No Accepts<>: it would turn a missing or other Content-Type into a routing miss; the body is sniffed (gzip or tar).
        group.MapPost("/import", Import).WithName("ImportModel")
            .Produces<ModelDto>(StatusCodes.Status201Created)
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDto>(StatusCodes.Status409Conflict)
            .Produces<ErrorDto>(StatusCodes.Status413PayloadTooLarge).RequireAccess(Permissions.Push);
        return group;
    }

    /// <summary>Streams the model's archive; <c>?gzip=true</c> compresses it. A 404 is answered before any byte is sent.</summary>
    internal static async Task<IResult> Export(string name, bool? gzip, ModelExporter exporter, CancellationToken ct)
    {
        var manifest = await exporter.CreateManifestAsync(name, ct).ConfigureAwait(false);
        if (manifest is null)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Model '{name}' not found.");
        }

        var compressed = gzip == true;

        // Once bytes flow, a failure (a blob that no longer matches its digest) can only abort the response; the
        // importer then refuses the truncated archive.
        return TypedResults.Stream(
            body => exporter.WriteAsync(manifest, body, compressed, ct),
            compressed ? ModelArchiveFormat.GzipMediaType : ModelArchiveFormat.TarMediaType,
            compressed ? $"{name}.tar.gz" : $"{name}.tar");
    }

    /// <summary>Registers the model in the request body (a tar or tar.gz from <c>export</c>) under its own name or <c>?as=NAME</c>.</summary>
    internal static async Task<IResult> Import(
        [FromQuery(Name = "as")] string? asName, HttpContext context, ModelImporter importer, ServingTable table, IOptions<RegistryOptions> options, CancellationToken ct)
    {
        var limit = options.Value.MaxUploadBytes;
        if (context.Request.ContentLength > limit)
        {
            return ErrorResults.Error(StatusCodes.Status413PayloadTooLarge, $"The archive is {context.Request.ContentLength} bytes; the limit is {limit} bytes.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            // The global 1 MiB limit is for JSON; an archive may be as large as one upload, and Kestrel enforces that while streaming.
            sizeLimit.MaxRequestBodySize = limit;
        }

        var versions = await importer.ImportAsync(context.Request.Body, string.IsNullOrEmpty(asName) ? null : asName, ct).ConfigureAwait(false);
        var model = versions[0].Model;
        table.OnVersionPushed(model);
        return TypedResults.Created(
            $"/api/v1/models/{Uri.EscapeDataString(model)}",
            new ModelDto(model, versions[^1].Version, [.. versions.Reverse().Select(v => v.ToDto())]));
    }
}
