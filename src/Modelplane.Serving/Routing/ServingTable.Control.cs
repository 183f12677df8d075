using Modelplane.Registry.Models;

namespace Modelplane.Serving.Routing;

// Model control (Triton's repository extension). Unloading takes every route that holds the version's runner out of the
// snapshot in the same critical section as the runner leaves the cache, so no request routes to it afterwards and a
// request resolving at the same moment cannot put it back (its snapshot update checks the runner is still live).
public sealed partial class ServingTable
{
    /// <summary>Loads a version on the control path (even one unloaded before); requests route to it from then on.</summary>
    /// <exception cref="ModelLoadException">The version cannot be loaded.</exception>
    /// <exception cref="ModelMemoryBudgetException">Loading would exceed the memory budget.</exception>
    public Task<IModelRunner> LoadAsync(ModelVersion version, CancellationToken ct) => runtimes.GetOrLoadAsync(version, ct);

    /// <summary>
    /// Unloads <paramref name="versions"/> of one model: they stop answering (an endpoint targeting one answers 503
    /// until it is loaded again), their runners are disposed once in-flight calls finish, and the memory is given back.
    /// </summary>
    /// <returns>The versions that were loaded or loading, with the memory they took.</returns>
    public IReadOnlyList<RuntimeStatus> Unload(IReadOnlyCollection<ModelVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        IReadOnlyList<DetachedRuntime> detached;
        lock (_writeLock)
        {
            detached = runtimes.Detach(versions);
            foreach (var model in versions.Select(v => v.Model).Distinct(StringComparer.Ordinal))
            {
                var numbers = versions.Where(v => v.Model == model).Select(v => v.Version).ToHashSet();
                _snapshot = _snapshot.WithoutServing(model, r => r.Serves(model, numbers.Contains));
            }
        }

        _misses.Clear();
        runtimes.Release(detached);
        return [.. detached.Select(d => d.Before)];
    }

    /// <summary>The state of every version the runtime knows about.</summary>
    public IReadOnlyList<RuntimeStatus> RuntimeStatuses() => runtimes.Statuses();

    /// <summary>The memory budget in bytes (0 when unlimited) and the memory loaded versions take now.</summary>
    public (long BudgetBytes, long InUseBytes) Memory => (runtimes.MemoryBudgetBytes, runtimes.MemoryInUseBytes);
}
