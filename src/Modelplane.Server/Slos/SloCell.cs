using Modelplane.Registry.Slos;

namespace Modelplane.Server.Slos;

/// <summary>
/// The SLO counts of one endpoint on this node, hit by every request the endpoint answers: a few interlocked
/// increments on counters resolved when the endpoint's route was built (no lock, no allocation, no database). Counts
/// go into one of four per-minute slots, so a flush attributes every request to the minute it was answered in.
/// </summary>
internal sealed class SloCell
{
    // Four minutes of slots: a flush (every 10 s by default, at most every minute) empties a slot long before its
    // minute comes round again.
    private const int SlotCount = 4;

    private readonly Slot[] _slots = [new(), new(), new(), new()];
    private readonly TimeProvider _time;

    // Since the process started, for the counters on /metrics (the slots are drained, these only grow).
    private long _availabilityEvents, _availabilityBad, _latencyEvents, _latencyBad;

    // Seconds; 0 while the endpoint has no latency objective. Written when the SLO changes, read by every request.
    private double _latencyThreshold;

    internal SloCell(string endpoint, TimeProvider time)
    {
        Endpoint = endpoint;
        _time = time;
    }

    public string Endpoint { get; }

    /// <summary>Events and bad events per objective since the process started.</summary>
    public (long AvailabilityEvents, long AvailabilityBad, long LatencyEvents, long LatencyBad) Totals =>
        (Volatile.Read(ref _availabilityEvents), Volatile.Read(ref _availabilityBad), Volatile.Read(ref _latencyEvents), Volatile.Read(ref _latencyBad));

    /// <summary>The latency objective's threshold in milliseconds, or null; a change applies from the next request on.</summary>
    public double? LatencyThresholdMs
    {
        get => Volatile.Read(ref _latencyThreshold) is > 0 and var s ? s * 1000 : null;
        set => Volatile.Write(ref _latencyThreshold, value is > 0 and var ms ? ms / 1000 : 0);
    }

    /// <summary>Counts one answered request: bad for availability when 5xx, bad for latency when slower than the threshold.</summary>
    public void Record(int statusCode, double seconds)
    {
        var minute = _time.GetUtcNow().ToUnixTimeMilliseconds() / 60_000;
        var slot = _slots[(int)(minute & (SlotCount - 1))];
        var held = Volatile.Read(ref slot.Minute);
        if (held < minute)
        {
            // Losing this race is fine: whoever won moved the slot to the same minute.
            Interlocked.CompareExchange(ref slot.Minute, minute, held);
        }

        Interlocked.Increment(ref slot.Events);
        Interlocked.Increment(ref _availabilityEvents);
        if (statusCode >= 500)
        {
            Interlocked.Increment(ref slot.Errors);
            Interlocked.Increment(ref _availabilityBad);
        }

        var threshold = Volatile.Read(ref _latencyThreshold);
        if (threshold > 0)
        {
            Interlocked.Increment(ref slot.LatencyEvents);
            Interlocked.Increment(ref _latencyEvents);
            if (seconds > threshold)
            {
                Interlocked.Increment(ref slot.Slow);
                Interlocked.Increment(ref _latencyBad);
            }
        }
    }

    /// <summary>Moves what was counted since the last drain into <paramref name="into"/>, one row per minute and objective.</summary>
    public void Drain(string node, List<SloMinuteCount> into)
    {
        foreach (var slot in _slots)
        {
            var minute = Volatile.Read(ref slot.Minute);
            var events = Interlocked.Exchange(ref slot.Events, 0);
            var errors = Interlocked.Exchange(ref slot.Errors, 0);
            var latencyEvents = Interlocked.Exchange(ref slot.LatencyEvents, 0);
            var slow = Interlocked.Exchange(ref slot.Slow, 0);
            if (events > 0 || errors > 0)
            {
                into.Add(new SloMinuteCount(Endpoint, SloObjectives.Availability, minute, node, events, errors));
            }

            if (latencyEvents > 0 || slow > 0)
            {
                into.Add(new SloMinuteCount(Endpoint, SloObjectives.Latency, minute, node, latencyEvents, slow));
            }
        }
    }

    private sealed class Slot
    {
        public long Minute;
        public long Events;
        public long Errors;
        public long LatencyEvents;
        public long Slow;
    }
}
