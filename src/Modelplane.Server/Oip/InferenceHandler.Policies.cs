using System.Buffers;
using System.Diagnostics;
using Modelplane.Serving;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Oip;

// An endpoint with a cascade, a fallback or a shadow takes this path: the cascade's cheap version is asked first,
// the fallback answers for a version that failed, and the shadow gets a copy once the caller has the answer.
internal sealed partial class InferenceHandler
{
    private async Task<RouteArm> RunWithPoliciesAsync<TProtocol>(
        HttpContext context, ServingRoute route, RouteArm chosen, TProtocol protocol, ReadOnlySequence<byte> body, PooledBufferWriter output, InferenceCall call)
        where TProtocol : IHttpInferenceProtocol
    {
        var mirror = route.Shadow is { } shadow && shadow.ShouldMirror() ? shadow : null;
        var (answered, observation) = await AnswerAsync(context, route, chosen, protocol, body, output, call, keepValues: mirror is not null).ConfigureAwait(false);
        await WriteAnswerAsync(context, output).ConfigureAwait(false);
        if (mirror is not null)
        {
            shadows.Mirror(mirror, protocol, body, context.Request.ContentType, route.Name, observation!);
        }

        return answered;
    }

    private async Task<(RouteArm Answered, PredictionObservation? Observation)> AnswerAsync<TProtocol>(
        HttpContext context, ServingRoute route, RouteArm chosen, TProtocol protocol, ReadOnlySequence<byte> body, PooledBufferWriter output,
        InferenceCall call, bool keepValues)
        where TProtocol : IHttpInferenceProtocol
    {
        if (route.Cascade is { } cascade)
        {
            var cheap = new PredictionObservation(keepValues);
            if (await TryRunAsync(context, cascade.Arm, protocol, body, output, call with { Observer = cheap }).ConfigureAwait(false)
                && cheap.Confidence >= cascade.Threshold)
            {
                cascade.CountAnswered();
                context.Response.Headers[VersionHeader] = cascade.Arm.Label;
                return (cascade.Arm, cheap);
            }

            // Not sure enough (or no probability output, or it failed): the split's version answers.
            cascade.CountEscalated();
            output.Clear();
        }

        var observation = keepValues ? new PredictionObservation(keepValues) : null;
        if (route.Fallback is not { } fallback)
        {
            await protocol.RunAsync(context, chosen.Runner, body, output, call with { Observer = (IInferenceObserver?)observation ?? chosen.Window }).ConfigureAwait(false);
            return (chosen, observation);
        }

        if (await TryRunAsync(context, chosen, protocol, body, output, call with { Observer = (IInferenceObserver?)observation ?? chosen.Window }).ConfigureAwait(false))
        {
            return (chosen, observation);
        }

        fallback.CountUsed();
        output.Clear();
        context.Response.Headers[VersionHeader] = fallback.Arm.Label;
        observation = keepValues ? new PredictionObservation(keepValues) : null;
        await protocol.RunAsync(context, fallback.Arm.Runner, body, output, call with { Observer = (IInferenceObserver?)observation ?? fallback.Arm.Window }).ConfigureAwait(false);
        return (fallback.Arm, observation);
    }

    /// <summary>
    /// Runs one version; false when the version itself failed or timed out (recorded against it, so a canary's
    /// failures stay visible even when another version answers). The caller's own mistakes still throw.
    /// </summary>
    private async Task<bool> TryRunAsync<TProtocol>(
        HttpContext context, RouteArm arm, TProtocol protocol, ReadOnlySequence<byte> body, PooledBufferWriter output, InferenceCall call)
        where TProtocol : IHttpInferenceProtocol
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await protocol.RunAsync(context, arm.Runner, body, output, call).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (FailureStatus(ex, context) is int status)
        {
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            arm.Telemetry.Record(status, seconds);
            arm.Window?.Record(status, seconds);
            LogVersionFailure(logger, arm.Label, ex.Message);
            return false;
        }
    }

    // What another version may answer for: the version failed (5xx) or timed out. Not the caller's bad input, not
    // overload (429: sending it elsewhere spreads the overload), not a caller who went away.
    private static int? FailureStatus(Exception ex, HttpContext context) => ex switch
    {
        InferenceRequestException or BadHttpRequestException => null,
        OperationCanceledException when context.RequestAborted.IsCancellationRequested => null,
        InferenceRejectedException rejected => rejected.StatusCode == StatusCodes.Status504GatewayTimeout ? rejected.StatusCode : null,
        _ => StatusCodes.Status500InternalServerError,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Version} failed on a request another version answers instead: {Reason}")]
    private static partial void LogVersionFailure(ILogger logger, string version, string reason);
}
