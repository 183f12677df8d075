using System.Collections.Concurrent;
using System.Threading.Channels;
using Modelplane.Registry.Monitoring;

namespace Modelplane.Serving.Monitoring.Windows;

/// <summary>
/// The live profiles of one workspace: a slot per version on each endpoint (route arms hold it), the profile
/// installed in it while the endpoint is monitored, and the queue of closed windows for storage and analysis.
/// </summary>
public sealed class LiveProfiles(TimeProvider time)
{
    /// <summary>Closed windows waiting for analysis beyond which new ones are dropped: tiny windows on a busy endpoint must not eat memory.</summary>
    public const int MaxQueued = 4096;

    private readonly ConcurrentDictionary<(string Endpoint, string Model, int Version), ProfileSlot> _slots = new();

    // Wait mode: TryWrite on a full channel returns false (and the drop is counted) rather than blocking the request.
    private readonly Channel<ClosedWindow> _closed = Channel.CreateBounded<ClosedWindow>(
        new BoundedChannelOptions(MaxQueued) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private long _dropped;

    /// <summary>Windows that closed, oldest first.</summary>
    public ChannelReader<ClosedWindow> Closed => _closed.Reader;

    /// <summary>Closed windows dropped so far because <see cref="MaxQueued"/> were waiting.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The slot of a version on an endpoint, created empty on first use (when a route is built).</summary>
    public ProfileSlot Slot(string endpoint, string model, int version) => _slots.GetOrAdd((endpoint, model, version), static _ => new ProfileSlot());

    /// <summary>Starts counting a version's requests on an endpoint into windows, replacing what counted before.</summary>
    /// <returns>The live profile now installed.</returns>
    /// <exception cref="ArgumentException">The layout does not fit the reference or the settings are invalid.</exception>
    public LiveProfile Install(
        string endpoint, ReferenceProfile reference, IReadOnlyList<FeatureSlot> features, IReadOnlyList<FeatureSlot> outputs, ProbabilitySource? probability, WindowSettings settings)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Problem is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        var plan = new ProfilePlan(reference, features, outputs, probability);
        var live = new LiveProfile(endpoint, plan, settings, time, Enqueue);
        Slot(endpoint, reference.Model, reference.Version).Live = live;
        return live;
    }

    private void Enqueue(ClosedWindow window)
    {
        if (!_closed.Writer.TryWrite(window))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>The live profile of a version on an endpoint, or null when it is not monitored.</summary>
    public LiveProfile? Find(string endpoint, string model, int version) =>
        _slots.TryGetValue((endpoint, model, version), out var slot) ? slot.Live : null;

    /// <summary>Stops counting a version's requests on an endpoint; the open window is dropped.</summary>
    public void Uninstall(string endpoint, string model, int version)
    {
        if (_slots.TryGetValue((endpoint, model, version), out var slot))
        {
            slot.Live = null;
        }
    }

    /// <summary>Every installed live profile.</summary>
    public IEnumerable<LiveProfile> All() => _slots.Values.Select(s => s.Live).OfType<LiveProfile>();

    /// <summary>Closes every window that has lasted its duration.</summary>
    public void CloseDue()
    {
        foreach (var live in All())
        {
            live.CloseIfDue();
        }
    }
}
