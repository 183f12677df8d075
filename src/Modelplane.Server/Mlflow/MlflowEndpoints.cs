using Modelplane.Governance.Access;
namespace Modelplane.Server.Mlflow;

/// <summary>The MLflow tracking and model-registry REST API 2.0, under <c>/api/2.0/mlflow</c> and the UI's <c>/ajax-api/2.0/mlflow</c>.</summary>
internal static class MlflowEndpoints
{
    public static readonly string[] Prefixes = ["/api/2.0/mlflow", "/ajax-api/2.0/mlflow"];

    public static IEndpointRouteBuilder MapMlflow(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in Prefixes)
        {
            var group = app.MapGroup(prefix).WithTags("MLflow").AddEndpointFilter(MlflowErrors.Filter).ExcludeFromDescription();
            group.MapMlflowExperiments();
            group.MapMlflowRuns();
            group.MapMlflowRegisteredModels();
            group.MapMlflowModelVersions();
            group.MapMlflowRegistryDeletes();
            group.MapMlflowRunArtifacts();

            // An unknown MLflow path answers in MLflow's error shape, not the platform's.
            group.Map("/{**path}", Unmatched).AllowPublicAccess();
        }

        app.MapMlflowArtifactsProxy();
        return app;
    }

    /// <summary>405 with <c>Allow</c> when the path exists under other methods, else 404.</summary>
    private static IResult Unmatched(HttpContext context, EndpointDataSource endpoints)
    {
        var path = context.Request.Path.Value ?? "";
        var allowed = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => string.Equals(e.RoutePattern.RawText, path, StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (allowed.Count == 0)
        {
            return MlflowErrors.Error(StatusCodes.Status404NotFound, MlflowErrors.EndpointNotFound, $"No MLflow endpoint {context.Request.Method} {path}.");
        }

        context.Response.Headers.Allow = string.Join(", ", allowed);
        return MlflowErrors.Error(
            StatusCodes.Status405MethodNotAllowed, MlflowErrors.EndpointNotFound, $"{path} answers {string.Join(" or ", allowed)}, not {context.Request.Method}.");
    }
}
