using System.Diagnostics;
using Microsoft.Extensions.Options;
using Modelplane.Server.Telemetry;
using Modelplane.Serving;
using Modelplane.Serving.Monitoring.Windows;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Oip;

/// <summary>
/// Runs shadow copies away from the request path, each as its own task once the caller has the answer. Copies in
/// flight are bounded in all and per shadow: past either bound a copy is dropped and counted, so a slow or failing
/// challenger never holds a caller, starves another endpoint's shadow, or piles up memory.
/// </summary>
internal sealed partial class ShadowMirror : IDisposable
{
    /// <summary>Copies in flight at most across all shadows (each holds a copy of its request body).</summary>
    public const int MaxInFlight = 64;

    /// <summary>
    /// Copies in flight at most for one shadow: enough that a normal challenger keeps up with its share even while the
    /// machine is busy (2 dropped copies of sequential requests on a loaded 2-core machine), few enough that a stuck
    /// one leaves room for the others.
    /// </summary>
    public const int MaxInFlightPerShadow = MaxInFlight / 4;

    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _timeout;
    private readonly ILogger<ShadowMirror> _logger;
    private int _inFlight;

    public ShadowMirror(IOptions<ServingOptions> options, ILogger<ShadowMirror> logger)
    {
        _timeout = options.Value.ShadowTimeout;
        _logger = logger;
    }

    /// <summary>Starts a copy of a request the caller has been answered for, or drops it when too many are in flight.</summary>
    /// <param name="copy">What to run; made only when a place is free, and disposed when the copy is done or dropped.</param>
    public void Mirror(ShadowRoute shadow, string name, PredictionObservation champion, Func<IShadowCopy> copy)
    {
        var agreement = shadow.Agreement;
        if (_stopping.IsCancellationRequested || !agreement.TryStart(MaxInFlightPerShadow))
        {
            agreement.CountDropped();
            return;
        }

        if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            agreement.Finish();
            agreement.CountDropped();
            return;
        }

        var started = copy();
        agreement.CountMirrored();
        // The copy belongs to the caller's trace: its span's parent is the request's, whatever runs it later.
        var trace = Activity.Current?.Context ?? default;
        _ = Task.Run(() => RunAsync(shadow, started, name, champion, trace), CancellationToken.None);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task RunAsync(ShadowRoute shadow, IShadowCopy copy, string name, PredictionObservation champion, ActivityContext trace)
    {
        var challenger = new PredictionObservation(keepValues: true);
        using var span = InferenceTracing.StartShadow(trace);
        span?.SetTag("modelplane.model", shadow.Arm.Runner.Version.Model);
        span?.SetTag("modelplane.version", shadow.Arm.Runner.Version.Version);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(_timeout);
            IInferenceObserver observer = shadow.Arm.Observer is { } watched ? new ObserverPair(challenger, watched) : challenger;
            await copy.RunAsync(shadow.Arm.Runner, new InferenceCall(name, _timeout, timeout.Token) { Observer = observer }).ConfigureAwait(false);
            shadow.Agreement.Compare(champion, challenger);
        }
        catch (Exception ex)
        {
            // The challenger's failure is a finding about the challenger, never the caller's problem.
            shadow.Agreement.CountFailed();
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            LogShadowFailure(_logger, shadow.Arm.Label, ex.Message);
        }
        finally
        {
            copy.Dispose();
            shadow.Agreement.Finish();
            Interlocked.Decrement(ref _inFlight);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Shadow {Version} failed on a mirrored request: {Reason}")]
    private static partial void LogShadowFailure(ILogger logger, string version, string reason);
}
