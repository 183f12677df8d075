using Modelplane.Registry.Slos;
using Prometheus;

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
    private readonly Counter.Child _availabilityEvents;
    private readonly Counter.Child _availabilityBad;
    private readonly Counter.Child _latencyEvents;
    private readonly Counter.Child _latencyBad;

    // Seconds; 0 while the endpoint has no latency objective. Written when the SLO changes, read by every request.
    private double _latencyThreshold;

    internal SloCell(string endpoint, TimeProvider time, Counter events, Counter bad, string workspace)
    {
        Endpoint = endpoint;
        _time = time;
        _availabilityEvents = events.WithLabels(workspace, endpoint, SloObjectives.Availability);
        _availabilityBad = bad.WithLabels(workspace, endpoint, SloObjectives.Availability);
        _latencyEvents = events.WithLabels(workspace, endpoint, SloObjectives.Latency);
        _latencyBad = bad.WithLabels(workspace, endpoint, SloObjectives.Latency);
    }

    public string Endpoint { get; }

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
        _availabilityEvents.Inc();
        if (statusCode >= 500)
        {
            Interlocked.Increment(ref slot.Errors);
            _availabilityBad.Inc();
        }

        var threshold = Volatile.Read(ref _latencyThreshold);
        if (threshold > 0)
        {
            Interlocked.Increment(ref slot.LatencyEvents);
            _latencyEvents.Inc();
            if (seconds > threshold)
            {
                Interlocked.Increment(ref slot.Slow);
                _latencyBad.Inc();
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
