using Modelplane.Governance.Audit;
using Modelplane.Governance.Access;
using Modelplane.Server.Hosting;
using Modelplane.Server.Mlflow;
using Modelplane.Server.Oip;
using Modelplane.Serving;
using Modelplane.Serving.Mlflow;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Scoring;

/// <summary>
/// <c>mlflow models serve</c>'s routes, one set per endpoint or model: <c>/endpoints/{name}/invocations</c>, <c>/ping</c>,
/// <c>/health</c> and <c>/version</c>. The name resolves as in OIP's <c>/v2/models/{name}</c>.
/// </summary>
internal static class ScoringEndpoints
{
    public static IEndpointRouteBuilder MapMlflowScoring(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/endpoints/{name}").WithTags("MLflow scoring");
        group.MapPost("/invocations", (Delegate)((HttpContext c) => InvokeAsync(c, app.ServiceProvider)))
            .WithName("MlflowInvocations").ExcludeFromAudit().Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces<MlflowErrorDto>(StatusCodes.Status400BadRequest).Produces<MlflowErrorDto>(StatusCodes.Status404NotFound)
            .Produces<MlflowErrorDto>(StatusCodes.Status415UnsupportedMediaType).RequirePredictAccess();
        group.MapGet("/ping", Ping).WithName("MlflowPing").RequirePredictAccess();
        group.MapGet("/health", Ping).WithName("MlflowHealth").RequirePredictAccess();
        group.MapGet("/version", Version).WithName("MlflowVersion").RequirePredictAccess();
        return app;
    }

    // The handler is looked up per request (InferenceHandler.For), not bound as a parameter: that would open a DI scope.
    private static Task InvokeAsync(HttpContext context, IServiceProvider application)
    {
        var handler = InferenceHandler.For(context, application);
        return handler.InferAsync(context, new MlflowScoringProtocol(handler.Options));
    }

    // MLflow answers a newline with 200 once the model is loaded; loading here means routing (and warming) the name.
    private static async Task<IResult> Ping(string name, ServingTable table, ReadinessState readiness, CancellationToken ct)
    {
        if (!readiness.IsReady)
        {
            return MlflowErrors.Error(StatusCodes.Status503ServiceUnavailable, MlflowErrorCodes.TemporarilyUnavailable, "The server is starting.");
        }
        try
        {
            return await ResolveAsync(name, table, ct).ConfigureAwait(false)
                ? Results.Text("\n", "application/json")
                : NotFound(name);
        }
        catch (ModelLoadException ex)
        {
            return MlflowErrors.Error(StatusCodes.Status503ServiceUnavailable, MlflowErrorCodes.TemporarilyUnavailable, ex.Message);
        }
    }

    // MLflow's /version is the serving software's version as plain text.
    private static async Task<IResult> Version(string name, ServingTable table, CancellationToken ct)
    {
        try
        {
            if (!await ResolveAsync(name, table, ct).ConfigureAwait(false))
            {
                return NotFound(name);
            }
        }
        catch (ModelLoadException)
        {
            // The name exists; the version answer does not depend on the model having loaded.
        }
        return Results.Text(typeof(ScoringEndpoints).Assembly.GetName().Version?.ToString(3) ?? "0.0.0", "text/plain");
    }

    private static async Task<bool> ResolveAsync(string name, ServingTable table, CancellationToken ct) =>
        (table.TryGet(name) ?? await table.ResolveAsync(name, ct).ConfigureAwait(false)) is not null;

    private static IResult NotFound(string name) => MlflowErrors.Error(
        StatusCodes.Status404NotFound, MlflowErrorCodes.ResourceDoesNotExist, $"Model '{name}' not found: no endpoint or model has that name.");
}
