namespace Modelplane.Serving.Analysis;

/// <summary>
/// A live window of one version's traffic on one endpoint: request and error counts since the window began, and the
/// latest latencies and predictions, which canary analysis compares between baseline and canary.
/// </summary>
/// <remarks>
/// Written on the inference hot path, so recording takes no lock and allocates nothing: counts are interlocked adds
/// and values go into fixed rings. <see cref="Reset"/> swaps in fresh data instead of clearing, so a writer that is
/// mid-record finishes into the old data, which is dropped, and never corrupts the new window.
/// </remarks>
public sealed partial class VersionWindow
{
    /// <summary>Latencies and predictions kept by default: enough for a stable p95 and PSI, 64 KiB per version.</summary>
    public const int DefaultCapacity = 4096;

    // nginx's "client closed request": the caller left, which says nothing about the version either way.
    private const int ClientClosedRequest = 499;

    private volatile Data _data;

    /// <param name="capacity">How many of the latest latencies and of the latest predictions the window keeps.</param>
    public VersionWindow(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _data = new Data(capacity);
    }

    /// <summary>How many of the latest latencies (and, separately, predictions) the window keeps.</summary>
    public int Capacity { get; }

    /// <summary>Counts one finished request and keeps its latency.</summary>
    /// <param name="status">The HTTP status returned: 5xx counts as an error; 4xx is the caller's fault and does not;
    /// 499 (the client went away) is not counted at all.</param>
    /// <param name="seconds">The request's latency; a non-finite value is counted as a request but not kept.</param>
    public void Record(int status, double seconds)
    {
        if (status == ClientClosedRequest)
        {
            return;
        }

        var data = _data;
        Interlocked.Increment(ref data.Requests);
        if (status >= 500)
        {
            Interlocked.Increment(ref data.Errors);
        }

        if (double.IsFinite(seconds))
        {
            data.Latencies.Add(seconds);
        }
    }

    /// <summary>Keeps one prediction (a class label or a score) for comparing output distributions.</summary>
    /// <remarks>A non-finite value is dropped: it has no place in a distribution.</remarks>
    public void ObservePrediction(double value)
    {
        if (double.IsFinite(value))
        {
            _data.Predictions.Add(value);
        }
    }

    /// <summary>Starts a new window, for example when a rollout step changes the traffic split.</summary>
    public void Reset() => _data = new Data(Capacity);

    /// <summary>A copy of the window as it is now.</summary>
    /// <remarks>Taken without stopping writers, so it may miss a request recorded at the same moment.</remarks>
    public WindowSample Sample()
    {
        var data = _data;

        // Errors before requests: Record counts the request first, so a sample never shows more errors than requests.
        var errors = Volatile.Read(ref data.Errors);
        var requests = Volatile.Read(ref data.Requests);
        return new WindowSample(requests, errors, data.Latencies.Copy(), data.Predictions.Copy());
    }

    private sealed class Data(int capacity)
    {
        public readonly ValueRing Latencies = new(capacity);
        public readonly ValueRing Predictions = new(capacity);
        public long Requests;
        public long Errors;
    }
}
