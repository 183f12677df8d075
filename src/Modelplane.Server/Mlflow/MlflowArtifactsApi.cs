using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Modelplane.Governance.Access;
using Modelplane.Registry;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.Tracking.Artifacts;

namespace Modelplane.Server.Mlflow;

/// <summary>
/// MLflow's artifact proxy, <c>/api/2.0/mlflow-artifacts/artifacts</c> (and the UI's <c>/ajax-api</c> twin): what
/// clients use when a run's artifact URI is <c>mlflow-artifacts:/…</c>. Paths are relative to the artifact root.
/// </summary>
internal static class MlflowArtifactsApi
{
    public static readonly string[] Prefixes = ["/api/2.0/mlflow-artifacts", "/ajax-api/2.0/mlflow-artifacts"];

    private const string LimitExceeded = "REQUEST_LIMIT_EXCEEDED";

    private static readonly IResult Ok = TypedResults.Json(new EmptyResponse(), MlflowJsonContext.Default.EmptyResponse);

    public static IEndpointRouteBuilder MapMlflowArtifactsProxy(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in Prefixes)
        {
            var group = app.MapGroup(prefix).WithTags("MLflow").AddEndpointFilter(Filter).ExcludeFromDescription();
            group.MapGet("/artifacts", List).RequireAccess(Permissions.Read);
            group.MapPut("/artifacts/{**path}", Upload).RequireAccess(Permissions.Push);
            group.MapGet("/artifacts/{**path}", Download).RequireAccess(Permissions.Read);
            group.MapDelete("/artifacts/{**path}", Delete).RequireAccess(Permissions.Push);

            // Multipart uploads and anything else MLflow has here answer in MLflow's shape, not the platform's.
            group.Map("/{**rest}", (HttpContext c) => MlflowErrors.Error(
                StatusCodes.Status404NotFound, MlflowErrors.EndpointNotFound, $"No MLflow endpoint {c.Request.Method} {c.Request.Path}.")).AllowPublicAccess();
        }

        return app;
    }

    private static async Task<IResult> Upload(string? path, HttpContext context, IRunArtifactStore store, IOptions<RegistryOptions> options, CancellationToken ct)
    {
        var artifactPath = MlflowArtifactPaths.Decode(path, allowRoot: false);
        var limit = options.Value.MaxUploadBytes;
        if (context.Request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            // The store enforces MaxUploadBytes while streaming; Kestrel's 1 MiB default must not cut in first.
            sizeLimit.MaxRequestBodySize = null;
        }

        await store.WriteAsync(artifactPath, context.Request.Body, ct).ConfigureAwait(false);
        return Ok;
    }

    private static async Task<IResult> Download(string? path, IRunArtifactStore store, CancellationToken ct)
    {
        var artifactPath = MlflowArtifactPaths.Decode(path, allowRoot: false);
        var stream = await store.OpenReadAsync(artifactPath, ct).ConfigureAwait(false);
        return stream is null
            ? MlflowErrors.NotFound($"No artifact at '{artifactPath}'.")
            : TypedResults.Stream(stream, "application/octet-stream", fileDownloadName: artifactPath[(artifactPath.LastIndexOf('/') + 1)..]);
    }

    // MLflow deletes silently when nothing is there, so a repeated DELETE is not an error.
    private static async Task<IResult> Delete(string? path, IRunArtifactStore store, CancellationToken ct)
    {
        await store.DeleteAsync(MlflowArtifactPaths.Decode(path, allowRoot: false), ct).ConfigureAwait(false);
        return Ok;
    }

    // Entries are named by their base name here (MLflow's ListArtifactsMlflowArtifacts), unlike runs' artifacts/list.
    private static async Task<IResult> List(HttpRequest request, IRunArtifactStore store, CancellationToken ct)
    {
        var listed = await store.ListAsync(MlflowArtifactPaths.Decode(request.Query["path"], allowRoot: true), ct).ConfigureAwait(false);
        var files = listed.Count == 0 ? null : listed.Select(a => FileInfoDto.From(a, a.Path[(a.Path.LastIndexOf('/') + 1)..])).ToArray();
        return TypedResults.Json(new ListArtifactsResponse(null, files), MlflowArtifactsJsonContext.Default.ListArtifactsResponse);
    }

    private static IResult TooLarge(long limit) =>
        MlflowErrors.Error(StatusCodes.Status413PayloadTooLarge, LimitExceeded, $"The artifact exceeds the upload limit of {limit} bytes.");

    private static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await MlflowErrors.Filter(context, next).ConfigureAwait(false);
        }
        catch (ArtifactTooLargeException ex)
        {
            return TooLarge(ex.LimitBytes);
        }
    }
}
