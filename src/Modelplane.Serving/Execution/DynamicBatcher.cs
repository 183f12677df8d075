namespace Modelplane.Serving.Execution;

/// <summary>
/// Gathers requests of one version into batches in Triton's way: a batch starts when its rows reach
/// <see cref="BatchingSettings.MaxBatchSize"/> (or the next request would not fit), when they reach a preferred size,
/// or when its oldest request has waited <see cref="BatchingSettings.MaxQueueDelay"/>; and only when the version's
/// admission gate has a free slot, so at most <c>max_concurrency</c> batches run at once and the queue grows (and
/// batches with it) while they do.
/// </summary>
/// <remarks>
/// The lock guards only the queue; batches run on the thread pool outside it. A slot freed by anyone (a batch, or a
/// request too large to batch) must call <see cref="Poke"/> so a ready batch does not wait for the next arrival.
/// </remarks>
internal sealed partial class DynamicBatcher<T> : IDisposable
    where T : BatchItem
{
    private readonly Lock _lock = new();
    private readonly List<T> _pending = [];
    private readonly List<int> _selected = [];
    private readonly BatchingSettings _settings;
    private readonly int _maxQueue;
    private readonly AdmissionGate _gate;
    private readonly TimeProvider _time;
    private readonly Func<T, T, bool> _compatible;
    private readonly Action<List<T>> _execute;
    private readonly string _label;
    private readonly long _delay;
    private readonly ITimer _timer;
    private long _timerDue = long.MaxValue;
    private int _count;

    /// <param name="settings">Batch sizes and delay.</param>
    /// <param name="maxQueue">Most requests waiting for a batch; more are refused with 429.</param>
    /// <param name="gate">The version's slots; each running batch holds one.</param>
    /// <param name="time">The clock for delays.</param>
    /// <param name="compatible">Whether two requests can share a batch (their non-batch dimensions agree).</param>
    /// <param name="execute">Runs one batch, leaving each item's outputs in place; the batcher then completes the items, or fails them all when it throws.</param>
    /// <param name="label">Names the version in rejections.</param>
    public DynamicBatcher(
        BatchingSettings settings, int maxQueue, AdmissionGate gate, TimeProvider time, Func<T, T, bool> compatible, Action<List<T>> execute, string label)
    {
        _settings = settings;
        _maxQueue = maxQueue;
        _gate = gate;
        _time = time;
        _compatible = compatible;
        _execute = execute;
        _label = label;
        _delay = (long)Math.Ceiling(settings.MaxQueueDelay.Ticks * (double)time.TimestampFrequency / TimeSpan.TicksPerSecond);
        _timer = time.CreateTimer(static s => ((DynamicBatcher<T>)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Requests waiting for a batch now.</summary>
    public int Pending => Volatile.Read(ref _count);

    /// <summary>True when a new request would be refused.</summary>
    public bool IsFull => Volatile.Read(ref _count) >= _maxQueue;

    /// <summary>Queues <paramref name="item"/>; await its <see cref="BatchItem.Completion"/>.</summary>
    /// <exception cref="InferenceRejectedException">The queue is full (429).</exception>
    public void Enqueue(T item)
    {
        lock (_lock)
        {
            if (_pending.Count >= _maxQueue)
            {
                throw new InferenceRejectedException(
                    $"{_label} is at capacity ({_pending.Count} requests queued for a batch); retry later.", 429, TimeSpan.FromSeconds(1));
            }

            item.Enqueued = _time.GetTimestamp();
            _pending.Add(item);
            Volatile.Write(ref _count, _pending.Count);
        }

        Dispatch();
    }

    /// <summary>Takes a request that timed out or was cancelled out of the queue; false when a batch already holds it.</summary>
    public bool TryRemove(T item)
    {
        lock (_lock)
        {
            var removed = _pending.Remove(item);
            Volatile.Write(ref _count, _pending.Count);
            return removed;
        }
    }

    /// <summary>Starts any batch that is ready; call after a slot of the gate is freed.</summary>
    public void Poke()
    {
        if (Volatile.Read(ref _count) > 0)
        {
            Dispatch();
        }
    }

    public void Dispose() => _timer.Dispose();

    private void OnTimer()
    {
        lock (_lock)
        {
            _timerDue = long.MaxValue;
        }

        Dispatch();
    }

    private void Dispatch()
    {
        while (true)
        {
            List<T>? batch;
            lock (_lock)
            {
                batch = TakeReady(_time.GetTimestamp());
            }

            if (batch is null)
            {
                return;
            }

            ThreadPool.UnsafeQueueUserWorkItem(Run, batch, preferLocal: false);
        }
    }

    private void Run(List<T> batch)
    {
        Exception? error = null;
        try
        {
            _execute(batch);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        // The slot goes back before any item completes: a completed item may release the last reference to the
        // version, which disposes the gate.
        _gate.Exit();
        foreach (var item in batch)
        {
            if (error is null)
            {
                item.Complete();
            }
            else
            {
                item.Fail(error);
            }
        }

        Poke();
    }
}
