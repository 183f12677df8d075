using Modelplane.Serving.Routing;

namespace Modelplane.Serving.Memory;

/// <summary>
/// What every workspace's <see cref="ModelRuntimeCache"/> shares: one memory budget for the process, one lock that
/// guards all their entries (so a reservation sees every workspace's use), and one gate that keeps loads from
/// overlapping while a version's footprint is measured from the process's memory growth.
/// </summary>
/// <remarks>Only the control path takes the lock (loads, unloads, snapshot misses); requests read the serving snapshot.</remarks>
public sealed class ServingMemory : IDisposable
{
    private readonly List<ModelRuntimeCache> _caches = [];

    internal Lock Gate { get; } = new();

    internal SemaphoreSlim MeasureGate { get; } = new(1, 1);

    internal void Join(ModelRuntimeCache cache)
    {
        lock (Gate)
        {
            _caches.Add(cache);
        }
    }

    internal void Leave(ModelRuntimeCache cache)
    {
        lock (Gate)
        {
            _caches.Remove(cache);
        }
    }

    /// <summary>Bytes charged by every cache; call with <see cref="Gate"/> held.</summary>
    internal long InUseLocked() => _caches.Sum(c => c.ChargedLocked());

    /// <inheritdoc />
    public void Dispose() => MeasureGate.Dispose();
}
