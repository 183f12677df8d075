using System.Diagnostics;
using Grpc.Core;
using Modelplane.Serving;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Routing;
using Modelplane.Serving.Telemetry;
using Modelplane.Server.Grpc.Protocol;
using Modelplane.Server.Hosting;

using Modelplane.Server.Telemetry;

namespace Modelplane.Server.Grpc;

/// <summary>
/// <c>inference.GRPCInferenceService</c>: the Open Inference Protocol over gRPC, on the same routing, load shedding,
/// limits, runners and telemetry as the REST routes.
/// </summary>
internal sealed partial class OpenInferenceGrpcService(
    ServingTable table,
    EndpointRateLimits rateLimits,
    ReadinessState readiness,
    GrpcModelMetadata metadata,
    IInferenceTelemetry telemetry,
    Oip.ShadowMirror shadows,
    TimeProvider time,
    ILogger<OpenInferenceGrpcService> logger) : GRPCInferenceService.GRPCInferenceServiceBase
{
    private static readonly Task<ServerLiveResponse> Live = Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) => Live;

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = readiness.IsReady });

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(GrpcModelMetadata.Server());

    public override async Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context) =>
        new() { Ready = await metadata.TryResolveAsync(request.Name, request.Version, context.CancellationToken).ConfigureAwait(false) is not null };

    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context) =>
        metadata.DescribeAsync(request.Name, request.Version, context.CancellationToken);

    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        using var span = InferenceTracing.StartInference();
        var phases = span is null ? null : new CallPhases();
        var recorder = telemetry.Unrouted;
        RouteArm? arm = null;
        ServingRoute? route = null;
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            if (request.ModelName.Length == 0)
            {
                throw new InferenceRequestException("Field 'model_name' is required.");
            }
            var ct = context.CancellationToken;
            using (InferenceTracing.StartChild("modelplane.route"))
            {
                route = await GrpcRoutes.ResolveAsync(table, request.ModelName, request.ModelVersion, ct).ConfigureAwait(false)
                    ?? throw GrpcRoutes.NotFound(request.ModelName, request.ModelVersion);
            }

            var http = context.GetHttpContext();
            if (route.Endpoint is { } endpoint && rateLimits.HasLimits(endpoint))
            {
                Oip.InferenceHandler.EnsureWithinRateLimits(http, rateLimits, endpoint);
            }

            arm = route.Choose(http.Request);
            recorder = arm.Telemetry;
            var runner = (route.Cascade?.Arm ?? arm).Runner;
            if (runner.IsAtCapacity)
            {
                throw new InferenceRejectedException(
                    $"Model '{runner.Version.Model}' version {runner.Version.Version} is at capacity; retry later.", StatusCodes.Status429TooManyRequests, TimeSpan.FromSeconds(1));
            }

            var call = new InferenceCall(route.Name, Timeout(context), ct) { Observer = arm.Observer, Phases = phases };
            ModelInferResponse response;
            if (route.HasPolicies)
            {
                (response, arm) = await InferWithPoliciesAsync(route, arm, request, call).ConfigureAwait(false);
                recorder = arm.Telemetry;
            }
            else
            {
                response = new ModelInferResponse();
                var pending = arm.Runner.InferAsync(new GrpcInferCodec(request, response), call);
                if (!pending.IsCompletedSuccessfully)
                {
                    await pending.ConfigureAwait(false);
                }
            }

            status = StatusCodes.Status200OK;
            return response;
        }
        catch (Exception ex)
        {
            var (error, httpStatus) = GrpcErrors.Map(ex, logger);
            status = httpStatus;
            throw error;
        }
        finally
        {
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            recorder.Record(status, seconds);
            arm?.Window?.Record(status, seconds);
            if (span is not null)
            {
                InferenceTracing.Tag(span, route?.Endpoint, arm?.Runner.Version.Model, arm?.Runner.Version.Version, request.Id.Length > 0 ? request.Id : null);
                span.SetTag("rpc.grpc.status_code", status);
                InferenceTracing.AddPhases(span, started, phases);
            }
        }
    }

    // Cascade and fallback as on REST; a shadow gets a copy of the message, run after this call returns its answer.
    private async Task<(ModelInferResponse Response, RouteArm Answered)> InferWithPoliciesAsync(
        ServingRoute route, RouteArm chosen, ModelInferRequest request, InferenceCall call)
    {
        var mirror = route.Shadow is { } shadow && shadow.ShouldMirror() ? shadow : null;
        var run = new GrpcArmRun(request, call);
        var (answered, observation) = await Oip.RoutePolicies.AnswerAsync(route, chosen, run, keepValues: mirror is not null, logger).ConfigureAwait(false);
        if (mirror is not null)
        {
            // Cloned (when a place is free): the call's message belongs to gRPC once the response is returned.
            shadows.Mirror(mirror, route.Name, observation!, () => new GrpcShadowCopy(request.Clone()));
        }

        return (run.Response, answered);
    }

    private sealed class GrpcArmRun(ModelInferRequest request, InferenceCall call) : Oip.IArmRun
    {
        public ModelInferResponse Response { get; private set; } = new();

        public bool CallerLeft => call.Aborted.IsCancellationRequested;

        public ValueTask RunAsync(RouteArm arm, IInferenceObserver? observer)
        {
            Response = new ModelInferResponse();
            return arm.Runner.InferAsync(new GrpcInferCodec(request, Response), call with { Observer = observer });
        }
    }

    private sealed class GrpcShadowCopy(ModelInferRequest request) : Oip.IShadowCopy
    {
        public ValueTask RunAsync(IModelRunner runner, InferenceCall call) => runner.InferAsync(new GrpcInferCodec(request, new ModelInferResponse()), call);

        public void Dispose()
        {
        }
    }

    /// <summary>The client's gRPC deadline bounds how long the call may wait for a slot; none means the server default.</summary>
    private TimeSpan Timeout(ServerCallContext context)
    {
        if (context.Deadline == DateTime.MaxValue)
        {
            return TimeSpan.Zero;
        }
        var left = context.Deadline - time.GetUtcNow().UtcDateTime;
        return left > TimeSpan.Zero ? left : TimeSpan.FromTicks(1);
    }
}
