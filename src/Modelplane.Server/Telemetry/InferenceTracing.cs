using System.Diagnostics;
using Modelplane.Serving.Protocol;

namespace Modelplane.Server.Telemetry;

/// <summary>
/// Spans of an inference request: <c>modelplane.inference</c> (child of the HTTP request's span, so a caller's
/// <c>traceparent</c> is its ancestor) with children for routing, validation, queue wait, the model run and logging,
/// and <c>modelplane.shadow</c> for a shadow copy in the same trace. Without a listener nothing is created.
/// </summary>
internal static class InferenceTracing
{
    public const string SourceName = "Modelplane";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The request's span; null when nobody records traces (the common, free case).</summary>
    /// <remarks>
    /// Under the request's span that the sampler did not record (most requests at a 10% sample), no span is started:
    /// it would not be recorded either, and four unrecorded spans per request cost more than the metrics.
    /// </remarks>
    public static Activity? StartInference() =>
        Source.HasListeners() && Activity.Current?.Recorded != false ? Source.StartActivity("modelplane.inference") : null;

    /// <summary>A live child span of the current one (routing, logging), when that one is recorded.</summary>
    public static Activity? StartChild(string name) => Activity.Current is { Recorded: true } ? Source.StartActivity(name) : null;

    /// <summary>A shadow copy's span, in the trace of the request it copies.</summary>
    public static Activity? StartShadow(ActivityContext request) =>
        (request.TraceFlags & ActivityTraceFlags.Recorded) == 0 ? null : Source.StartActivity("modelplane.shadow", ActivityKind.Internal, request);

    /// <summary>Names the route, version and request a span served.</summary>
    public static void Tag(Activity? span, string? endpoint, string? model, int? version, string? requestId)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag("modelplane.endpoint", endpoint);
        span.SetTag("modelplane.model", model);
        span.SetTag("modelplane.version", version);
        span.SetTag("modelplane.request_id", requestId);
    }

    /// <summary>Adds the runner's phases as child spans of <paramref name="parent"/>, timed from what the runner recorded.</summary>
    /// <param name="parentStarted">The <see cref="Stopwatch"/> timestamp taken when <paramref name="parent"/> started.</param>
    public static void AddPhases(Activity? parent, long parentStarted, CallPhases? phases)
    {
        if (parent is null || phases is null || phases.Started == 0)
        {
            return;
        }

        // A span started from a context becomes current and, when it stops, leaves no current span behind.
        var current = Activity.Current;
        Phase(parent, parentStarted, "modelplane.validate", phases.Started, phases.Decoded);
        Phase(parent, parentStarted, "modelplane.queue", phases.Decoded, phases.Admitted);
        Phase(parent, parentStarted, "modelplane.run", phases.Admitted, phases.Ran, phases.BatchRows);
        Phase(parent, parentStarted, "modelplane.encode", phases.Ran, phases.Encoded);
        Activity.Current = current;
    }

    // Stopwatch timestamps become wall times relative to the parent's start, so phases line up with it exactly.
    private static void Phase(Activity parent, long parentStarted, string name, long from, long to, long batchRows = 0)
    {
        if (from == 0 || to < from)
        {
            return;
        }

        using var span = Source.StartActivity(name, ActivityKind.Internal, parent.Context, startTime: At(parent, parentStarted, from));
        if (span is not null)
        {
            if (batchRows > 0)
            {
                span.SetTag("modelplane.batch_rows", batchRows);
            }

            span.SetEndTime(At(parent, parentStarted, to).UtcDateTime);
        }
    }

    private static DateTimeOffset At(Activity parent, long parentStarted, long timestamp) =>
        new DateTimeOffset(parent.StartTimeUtc, TimeSpan.Zero) + Stopwatch.GetElapsedTime(parentStarted, timestamp);
}
