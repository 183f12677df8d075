using Microsoft.Extensions.Options;
using Modelplane.Serving;

namespace Modelplane.Server.Hosting.Overload;

/// <summary>
/// Watches how long work waits in the thread pool's queue before it runs: the wait every new request pays before any of
/// our code sees it. A probe work item is queued every few milliseconds from a thread of its own; when every probe
/// for <see cref="ServingOptions.ShedWindow"/> waited longer than <see cref="ServingOptions.ShedQueueDelay"/>, a queue
/// is standing (not a burst draining) and the server is overloaded until a probe comes through under the target again.
/// </summary>
/// <remarks>
/// This is CoDel's rule applied to the thread pool, and the same signal as Node's event-loop-delay shedding: the
/// per-version admission gates never fill under a flood of small requests (a call holds its slot for microseconds), so
/// the queue that grows is the one in front of the application, which only this wait measures.
/// </remarks>
internal sealed class QueueDelayMonitor : IHostedService, IDisposable
{
    // A probe every 2 ms once the wait nears the target; every 10 ms while it is far below, so an idle or lightly
    // loaded server spends next to nothing on watching (a probe costs a wake-up and a work item).
    private static readonly TimeSpan ProbeOften = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan ProbeSeldom = TimeSpan.FromMilliseconds(10);

    private readonly long _target;
    private readonly long _window;
    private readonly TimeProvider _time;
    private readonly bool _probe;
    private readonly Action<QueueDelayMonitor> _probeRan = static m => m.ProbeRan();
    private Thread? _thread;
    private volatile bool _stopping;
    private long _probeQueuedAt;
    private long _completedDelay = -1;
    private long _aboveSince;
    private long _lastDelay;
    private volatile bool _overloaded;

    public QueueDelayMonitor(IOptions<ServingOptions> options, TimeProvider time)
        : this(options, time, probe: true)
    {
    }

    /// <summary>With <paramref name="probe"/> false no probe thread starts and only <see cref="Observe"/> feeds the monitor (tests).</summary>
    internal QueueDelayMonitor(IOptions<ServingOptions> options, TimeProvider time, bool probe)
    {
        _time = time;
        _probe = probe;
        _target = ToTicks(options.Value.ShedQueueDelay);
        _window = ToTicks(options.Value.ShedWindow);
    }

    /// <summary>Whether requests that can be refused should be: a queue has stood above the target for the window.</summary>
    public bool Overloaded => _overloaded;

    /// <summary>Whether the monitor runs at all (a zero <see cref="ServingOptions.ShedQueueDelay"/> turns shedding off).</summary>
    public bool Enabled => _target > 0;

    /// <summary>The last wait a probe measured (or is still waiting through), in milliseconds.</summary>
    public double LastDelayMs => Interlocked.Read(ref _lastDelay) * 1000.0 / _time.TimestampFrequency;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Enabled && _probe)
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "Modelplane queue-delay probe" };
            _thread.Start();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        return Task.CompletedTask;
    }

    public void Dispose() => _stopping = true;

    /// <summary>Takes one measurement of <paramref name="delay"/> ticks at <paramref name="now"/>; only the probe thread calls it.</summary>
    internal void Observe(long delay, long now)
    {
        Interlocked.Exchange(ref _lastDelay, delay);
        if (delay <= _target)
        {
            _aboveSince = 0;
            _overloaded = false;
            return;
        }

        if (_aboveSince == 0)
        {
            _aboveSince = now;
        }

        if (now - _aboveSince >= _window)
        {
            _overloaded = true;
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            var now = _time.GetTimestamp();
            var completed = Interlocked.Exchange(ref _completedDelay, -1);
            if (completed >= 0)
            {
                Observe(completed, now);
            }

            var queuedAt = Volatile.Read(ref _probeQueuedAt);
            if (queuedAt == 0)
            {
                Volatile.Write(ref _probeQueuedAt, now);
                ThreadPool.UnsafeQueueUserWorkItem(_probeRan, this, preferLocal: false);
            }
            else if (now - queuedAt > _target)
            {
                // The probe has not run yet: it has already waited longer than the target, which is evidence enough.
                Observe(now - queuedAt, now);
            }

            Thread.Sleep(Interlocked.Read(ref _lastDelay) * 4 < _target ? ProbeSeldom : ProbeOften);
        }
    }

    private void ProbeRan()
    {
        var queuedAt = Volatile.Read(ref _probeQueuedAt);
        Interlocked.Exchange(ref _completedDelay, _time.GetTimestamp() - queuedAt);
        Volatile.Write(ref _probeQueuedAt, 0);
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
