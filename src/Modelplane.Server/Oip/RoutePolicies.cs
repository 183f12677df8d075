using System.Diagnostics;
using Modelplane.Serving;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Monitoring.Windows;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Oip;

/// <summary>How a transport runs one version of a route into its pending answer (HTTP body, gRPC message).</summary>
internal interface IArmRun
{
    /// <summary>Runs <paramref name="arm"/> into a fresh answer, replacing whatever an earlier version wrote.</summary>
    ValueTask RunAsync(RouteArm arm, IInferenceObserver? observer);

    /// <summary>True when the caller went away (its cancellation is not the version's failure).</summary>
    bool CallerLeft { get; }
}

/// <summary>
/// An endpoint's cascade and fallback, the same for every transport: the cascade's cheap version is asked first and
/// its answer stands when it is sure enough; the fallback answers for a version that failed or timed out.
/// </summary>
internal static partial class RoutePolicies
{
    /// <summary>Answers with the route's policies; returns the version that answered and, when asked, what it answered.</summary>
    /// <param name="keepValues">True when a shadow will compare the answer: the observation keeps its labels and scores.</param>
    public static async Task<(RouteArm Answered, PredictionObservation? Observation)> AnswerAsync<TRun>(
        ServingRoute route, RouteArm chosen, TRun run, bool keepValues, ILogger logger)
        where TRun : IArmRun
    {
        if (route.Cascade is { } cascade)
        {
            var cheap = new PredictionObservation(keepValues);
            if (await TryRunAsync(cascade.Arm, cheap, run, logger).ConfigureAwait(false) && cheap.Confidence >= cascade.Threshold)
            {
                cascade.CountAnswered();
                return (cascade.Arm, cheap);
            }

            // Not sure enough (or no probability output, or it failed): the split's version answers.
            cascade.CountEscalated();
        }

        var observation = keepValues ? new PredictionObservation(keepValues) : null;
        if (route.Fallback is not { } fallback)
        {
            await run.RunAsync(chosen, Observers(observation, chosen)).ConfigureAwait(false);
            return (chosen, observation);
        }

        if (await TryRunAsync(chosen, observation, run, logger).ConfigureAwait(false))
        {
            return (chosen, observation);
        }

        fallback.CountUsed();
        observation = keepValues ? new PredictionObservation(keepValues) : null;
        await run.RunAsync(fallback.Arm, Observers(observation, fallback.Arm)).ConfigureAwait(false);
        return (fallback.Arm, observation);
    }

    // The policy's own reading of the answer (allocated per request on this path anyway) and the arm's standing readers.
    private static IInferenceObserver? Observers(IInferenceObserver? policy, RouteArm arm) =>
        policy is null ? arm.Observer : arm.Observer is null ? policy : new ObserverPair(policy, arm.Observer);

    /// <summary>
    /// Runs one version; false when the version itself failed or timed out (recorded against it, so a canary's
    /// failures stay visible even when another version answers). The caller's own mistakes still throw.
    /// </summary>
    private static async Task<bool> TryRunAsync<TRun>(RouteArm arm, IInferenceObserver? observer, TRun run, ILogger logger)
        where TRun : IArmRun
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await run.RunAsync(arm, Observers(observer, arm)).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (FailureStatus(ex, run.CallerLeft) is int status)
        {
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            arm.Telemetry.RecordAttempt(status, seconds);
            arm.Window?.Record(status, seconds);
            LogVersionFailure(logger, arm.Label, ex.Message);
            return false;
        }
    }

    // What another version may answer for: the version failed (5xx) or timed out. Not the caller's bad input, not
    // overload (429: sending it elsewhere spreads the overload), not a caller who went away.
    private static int? FailureStatus(Exception ex, bool callerLeft) => ex switch
    {
        InferenceRequestException or BadHttpRequestException => null,
        OperationCanceledException when callerLeft => null,
        InferenceRejectedException rejected => rejected.StatusCode == StatusCodes.Status504GatewayTimeout ? rejected.StatusCode : null,
        _ => StatusCodes.Status500InternalServerError,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Version} failed on a request another version answers instead: {Reason}")]
    private static partial void LogVersionFailure(ILogger logger, string version, string reason);
}
