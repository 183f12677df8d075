using Modelplane.Governance.Audit;
using System.Globalization;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Registry.Formats;
using Modelplane.Registry.Models;
using Modelplane.Server.Hosting;
using Modelplane.Serving;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Oip;

/// <summary>The Open Inference Protocol (KServe V2) REST routes.</summary>
internal static class OipEndpoints
{
    public static IEndpointRouteBuilder MapOpenInferenceProtocol(this IEndpointRouteBuilder app)
    {
        // No Accepts<> metadata on these routes: it makes a request without the exact Content-Type miss the route
        // (and land on the 404 fallback); clients such as `curl -d @body.json` are served and errors say why.
        var v2 = app.MapGroup("/v2").WithTags("Open Inference Protocol");
        v2.MapGet("", ServerMetadata).WithName("OipServerMetadata").RequireAccess(Permissions.Read);
        v2.MapGet("/health/live", () => TypedResults.Ok()).WithName("OipLive").AllowPublicAccess();
        v2.MapGet("/health/ready", (ReadinessState state) => state.IsReady
            ? Results.Ok()
            : ErrorResults.Error(StatusCodes.Status503ServiceUnavailable, "The server is starting.")).WithName("OipReady").AllowPublicAccess();

        v2.MapGet("/models/{name}", ModelMetadata).WithName("OipModelMetadata").RequirePredictAccess();
        v2.MapGet("/models/{name}/versions/{version}", ModelMetadata).WithName("OipModelVersionMetadata").RequirePredictAccess();
        v2.MapGet("/models/{name}/ready", ModelReady).WithName("OipModelReady").RequirePredictAccess();
        v2.MapGet("/models/{name}/versions/{version}/ready", ModelReady).WithName("OipModelVersionReady").RequirePredictAccess();

        v2.MapStatistics();
        // The handler is looked up per request (InferenceHandler.For), not bound as a parameter: that would open a DI scope.
        Delegate infer = (HttpContext c) => InferenceHandler.For(c, app.ServiceProvider).InferAsync(c);
        v2.MapPost("/models/{name}/infer", infer)
            .WithName("OipInfer").ExcludeFromAudit().Produces<OipInferenceResponse>()
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound).RequirePredictAccess();
        v2.MapPost("/models/{name}/versions/{version}/infer", infer)
            .WithName("OipInferVersion").ExcludeFromAudit().Produces<OipInferenceResponse>()
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound).RequirePredictAccess();
        app.MapModelRepository();
        return app;
    }

    private static OipServerMetadata ServerMetadata() =>
        new("modelplane", typeof(OipEndpoints).Assembly.GetName().Version?.ToString(3) ?? "0.0.0", ["model_repository", "statistics", "binary_tensor_data"]);

    private static async Task<IResult> ModelMetadata(string name, string? version, ServingTable table, IModelStore models, CancellationToken ct)
    {
        var route = await ResolveAsync(name, version, table, ct).ConfigureAwait(false);
        if (route is null)
        {
            return NotFound(name, version);
        }

        var served = route.Runner.Version;
        var versions = await models.ListVersionsAsync(served.Model, ct).ConfigureAwait(false);
        return TypedResults.Ok(new OipModelMetadata(
            name,
            [.. versions.Select(v => v.Version.ToString(CultureInfo.InvariantCulture))],
            Platform(served.Format),
            [.. served.Signature.Inputs.Select(ToOip)],
            [.. served.Signature.Outputs.Select(ToOip)],
            Parameters(route.Runner.Settings)));
    }

    // Triton's names, so a client that reads Triton's model configuration finds the same keys.
    private static Dictionary<string, string> Parameters(ExecutionSettings settings)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["max_concurrency"] = settings.MaxConcurrency.ToString(CultureInfo.InvariantCulture),
            ["max_queue"] = settings.MaxQueue.ToString(CultureInfo.InvariantCulture),
            ["intra_op_threads"] = settings.IntraOpThreads.ToString(CultureInfo.InvariantCulture),
            ["inter_op_threads"] = settings.InterOpThreads.ToString(CultureInfo.InvariantCulture),
            ["dynamic_batching"] = settings.Batching is null ? "false" : "true",
        };
        foreach (var (key, value) in settings.Batching?.Describe() ?? new Dictionary<string, string>())
        {
            parameters[key] = value;
        }

        return parameters;
    }

    // KServe names a platform as runtime_format; ML.NET has no KServe name, so it gets one in the same style.
    private static string Platform(string format) => format switch
    {
        ModelFormatNames.MlNet => "mlnet_zip",
        _ => "onnxruntime_onnx",
    };

    private static async Task<IResult> ModelReady(string name, string? version, ServingTable table, CancellationToken ct) =>
        await ResolveAsync(name, version, table, ct).ConfigureAwait(false) is null ? NotFound(name, version) : Results.Ok();

    private static async Task<ServingRoute?> ResolveAsync(string name, string? version, ServingTable table, CancellationToken ct)
    {
        try
        {
            if (version is null)
            {
                return table.TryGet(name) ?? await table.ResolveAsync(name, ct).ConfigureAwait(false);
            }

            if (VersionMetadataRules.ParseVersionNumber(version) is { } number)
            {
                return table.TryGet(name, number) ?? await table.ResolveAsync(name, number, ct).ConfigureAwait(false);
            }

            return VersionMetadataRules.IsValidAlias(version)
                ? table.TryGetAlias(name, version) ?? await table.ResolveAliasAsync(name, version, ct).ConfigureAwait(false)
                : null;
        }
        catch (ModelLoadException)
        {
            return null;
        }
    }

    private static IResult NotFound(string name, string? version) => ErrorResults.Error(
        StatusCodes.Status404NotFound,
        version is null ? $"Model '{name}' not found: no endpoint or model has that name." : $"Model '{name}' has no version '{version}'.");

    private static OipTensorMetadata ToOip(TensorSpec spec) => new(spec.Name, OipDatatypes.Name(spec.ElementType), spec.Shape);
}
