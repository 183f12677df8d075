using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Monitoring.Windows;

/// <summary>
/// The tumbling windows of one version on one endpoint: requests count into the open window; when it is full (or,
/// by <see cref="CloseIfDue"/>, old enough) a fresh one takes its place and the closed one is handed on.
/// </summary>
public sealed class LiveProfile : IInferenceObserver
{
    private readonly ProfilePlan _plan;
    private readonly TimeProvider _time;
    private readonly Action<ClosedWindow> _closed;
    private volatile WindowAccumulator _open;

    internal LiveProfile(string endpoint, ProfilePlan plan, WindowSettings settings, TimeProvider time, Action<ClosedWindow> closed)
    {
        Endpoint = endpoint;
        _plan = plan;
        Settings = settings;
        _time = time;
        _closed = closed;
        _open = new WindowAccumulator(plan, time.GetUtcNow());
    }

    /// <summary>The endpoint watched.</summary>
    public string Endpoint { get; }

    /// <summary>The model of the version watched.</summary>
    public string Model => _plan.Reference.Model;

    /// <summary>The version watched.</summary>
    public int Version => _plan.Reference.Version;

    /// <summary>The reference profile windows are compared with.</summary>
    public Registry.Monitoring.ReferenceProfile Reference => _plan.Reference;

    /// <summary>When windows close.</summary>
    public WindowSettings Settings { get; }

    /// <summary>When the open window opened.</summary>
    public DateTimeOffset OpenSince => _open.StartedAt;

    /// <summary>Rows in the open window.</summary>
    public long OpenRows => _open.Rows;

    /// <inheritdoc />
    public void Observe(in InferenceResult result)
    {
        var open = _open;
        var rows = open.Observe(result);
        if (Settings.Rows is { } limit && rows >= limit)
        {
            Close(open);
        }
    }

    /// <summary>Closes the open window when it has lasted its duration; a window without rows just starts again.</summary>
    public void CloseIfDue()
    {
        var open = _open;
        if (Settings.Duration is { } duration && _time.GetUtcNow() - open.StartedAt >= duration)
        {
            Close(open);
        }
    }

    /// <summary>The open window as it is now, shaped like the reference.</summary>
    public Registry.Monitoring.DataProfile Peek() => _open.Snapshot();

    private void Close(WindowAccumulator open)
    {
        var now = _time.GetUtcNow();
        if (Interlocked.CompareExchange(ref _open, new WindowAccumulator(_plan, now), open) == open && open.Rows > 0)
        {
            _closed(new ClosedWindow(Endpoint, _plan.Reference, open.StartedAt, now, open.Snapshot));
        }
    }
}
