namespace Modelplane.Serving.Execution;

/// <summary>
/// Bounds one version's work: at most <c>concurrency</c> calls run at once, at most <c>queueLimit</c> wait, and
/// anything beyond is refused at once with 429, so overload sheds load instead of queueing without bound.
/// </summary>
internal sealed class AdmissionGate(string label, int concurrency, int queueLimit) : IDisposable
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);
    private int _waiting;

    public int Concurrency => concurrency;

    public int QueueLimit => queueLimit;

    /// <summary>Calls waiting for a slot now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Calls running now.</summary>
    public int Running => concurrency - _slots.CurrentCount;

    /// <summary>True when a new call would be refused; lets a transport shed load before it reads the body.</summary>
    public bool IsFull => _slots.CurrentCount == 0 && Volatile.Read(ref _waiting) >= queueLimit;

    public bool TryEnter() => _slots.Wait(0);

    /// <exception cref="InferenceRejectedException">The queue is full (429) or the timeout passed while waiting (504).</exception>
    public async ValueTask EnterAsync(TimeSpan timeout, CancellationToken aborted)
    {
        if (Interlocked.Increment(ref _waiting) > queueLimit)
        {
            Interlocked.Decrement(ref _waiting);
            throw Full();
        }
        try
        {
            if (!await _slots.WaitAsync(timeout, aborted).ConfigureAwait(false))
            {
                throw new InferenceRejectedException(
                    $"{label} found no free slot within the request's timeout of {timeout.TotalMilliseconds:0.###} ms.", 504, TimeSpan.Zero);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public void Exit() => _slots.Release();

    public InferenceRejectedException Full() => new(
        $"{label} is at capacity ({concurrency} running, {queueLimit} queued); retry later.", 429, RetryAfter);

    public void Dispose() => _slots.Dispose();
}
