namespace Modelplane.Server.Mlflow;

/// <summary>The MLflow tracking REST API 2.0, under <c>/api/2.0/mlflow</c> and the UI's <c>/ajax-api/2.0/mlflow</c>.</summary>
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
            group.MapMlflowRunArtifacts();

            // An unknown MLflow path answers in MLflow's error shape, not the platform's.
            group.Map("/{**path}", (HttpContext c) => MlflowErrors.Error(
                StatusCodes.Status404NotFound, MlflowErrors.EndpointNotFound, $"No MLflow endpoint {c.Request.Method} {c.Request.Path}."));
        }

        app.MapMlflowArtifactsProxy();
        return app;
    }
}
