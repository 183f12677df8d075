namespace Modelplane.Serving.Routing;

/// <summary>An endpoint's challenger: gets a copy of <see cref="Percent"/>% of requests after the caller is answered.</summary>
public sealed record ShadowRoute(RouteArm Arm, int Percent)
{
    /// <summary>How the challenger's answers compared with the ones callers got, since this shadow took effect on this node.</summary>
    public ShadowAgreement Agreement { get; init; } = new();

    /// <summary>True for the requests to mirror: a random draw, so the share holds for any mix of callers.</summary>
    public bool ShouldMirror() => Random.Shared.Next(100) < Percent;
}

/// <summary>A cheap version asked first: its answer stands when its top-class probability is at or above <see cref="Threshold"/>.</summary>
public sealed record CascadeRoute(RouteArm Arm, double Threshold)
{
    // Counters are objects, so `with` copies (a runner swapped on a settings change) keep counting into the same place.
    private readonly RouteCounter _answered = new();
    private readonly RouteCounter _escalated = new();

    /// <summary>Requests the cheap version answered itself.</summary>
    public long Answered => _answered.Value;

    /// <summary>Requests passed on to the endpoint's split (low confidence, no probability output, or the cheap version failed).</summary>
    public long Escalated => _escalated.Value;

    public void CountAnswered() => _answered.Increment();

    public void CountEscalated() => _escalated.Increment();
}

/// <summary>The safe version that answers when the chosen one fails or times out.</summary>
public sealed record FallbackRoute(RouteArm Arm)
{
    private readonly RouteCounter _used = new();

    /// <summary>Requests the fallback answered since it took effect on this node.</summary>
    public long Used => _used.Value;

    public void CountUsed() => _used.Increment();
}

internal sealed class RouteCounter
{
    private long _value;

    public long Value => Volatile.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);
}

/// <summary>
/// Champion–challenger agreement of a shadow: the exact-match rate of class labels and the mean absolute difference
/// of scores, over the mirrored requests both answered; plus what was mirrored, dropped and failed.
/// </summary>
public sealed class ShadowAgreement
{
    private readonly Lock _lock = new();
    private int _inFlight;
    private long _mirrored;
    private long _dropped;
    private long _failed;
    private long _compared;
    private long _labels;
    private long _labelMatches;
    private long _scores;
    private double _scoreDifference;

    /// <summary>A point-in-time copy of the counts.</summary>
    public ShadowAgreementSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new ShadowAgreementSnapshot(
                _mirrored, _dropped, _failed, _compared,
                _labels == 0 ? null : (double)_labelMatches / _labels,
                _scores == 0 ? null : _scoreDifference / _scores);
        }
    }

    /// <summary>Takes one of <paramref name="limit"/> places for a copy in flight; false when all are taken.</summary>
    public bool TryStart(int limit)
    {
        if (Interlocked.Increment(ref _inFlight) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    /// <summary>Gives back the place a finished copy held.</summary>
    public void Finish() => Interlocked.Decrement(ref _inFlight);

    /// <summary>A copy was started for the challenger.</summary>
    public void CountMirrored() => Interlocked.Increment(ref _mirrored);

    /// <summary>A copy was not run because too many were in flight: the shadow never slows callers down.</summary>
    public void CountDropped() => Interlocked.Increment(ref _dropped);

    /// <summary>The challenger failed or timed out on a copy.</summary>
    public void CountFailed() => Interlocked.Increment(ref _failed);

    /// <summary>Adds one request both answered: labels compared element by element, scores by absolute difference.</summary>
    public void Compare(PredictionObservation champion, PredictionObservation challenger)
    {
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(challenger);
        var difference = PredictionComparison.Compare(champion.Labels, champion.Scores, challenger.Labels, challenger.Scores);
        lock (_lock)
        {
            _compared++;
            _labels += difference.Labels;
            _labelMatches += difference.LabelMatches;
            _scores += difference.Scores;
            _scoreDifference += difference.TotalAbsoluteDifference;
        }
    }
}

/// <summary>Shadow agreement at one moment.</summary>
/// <param name="Mirrored">Copies started for the challenger.</param>
/// <param name="Dropped">Copies not run because too many were in flight.</param>
/// <param name="Failed">Copies the challenger failed on or timed out.</param>
/// <param name="Compared">Copies both versions answered.</param>
/// <param name="LabelMatchRate">Share of class labels that matched; null without label outputs.</param>
/// <param name="MeanAbsoluteScoreDifference">Mean absolute difference of scores; null without score outputs.</param>
public sealed record ShadowAgreementSnapshot(long Mirrored, long Dropped, long Failed, long Compared, double? LabelMatchRate, double? MeanAbsoluteScoreDifference);
