using Modelplane.Registry.Models;
using Modelplane.Serving.Memory;

namespace Modelplane.Serving.Routing;

// Unloading is two steps so the routing table can take the runners out of its snapshot in the same critical section
// as they leave the cache (Detach), and dispose them, collect and trim outside it (Release).
public sealed partial class ModelRuntimeCache
{
    /// <summary>
    /// Marks <paramref name="versions"/> unloaded (the request path will not load them again) and takes their
    /// runners out of the cache; returns the versions that were loaded or loading, to pass to <see cref="Release"/>.
    /// </summary>
    internal IReadOnlyList<DetachedRuntime> Detach(IEnumerable<ModelVersion> versions)
    {
        var detached = new List<DetachedRuntime>();
        lock (_lock)
        {
            foreach (var version in versions)
            {
                var entry = GetEntryLocked(version);
                var wasLoaded = entry.State is RuntimeState.Ready or RuntimeState.Loading;
                if (wasLoaded)
                {
                    detached.Add(new DetachedRuntime(entry, entry.Load, entry.ToStatus()));
                }

                entry.Unloaded = true;
                entry.Reason = "unloaded on request";
                entry.LoadId++;
                entry.Load = null;
                entry.ReservedBytes = 0;
                entry.State = wasLoaded ? RuntimeState.Unloading : RuntimeState.Unavailable;
            }
        }

        return detached;
    }

    /// <summary>Disposes detached runners (in-flight calls finish first), gives their memory back to the system and marks them unavailable.</summary>
    internal void Release(IReadOnlyList<DetachedRuntime> detached)
    {
        if (detached.Count == 0)
        {
            return;
        }

        foreach (var item in detached)
        {
            // A load still running sees its entry changed and disposes its own runner when it finishes.
            if (item.Load is { IsCompletedSuccessfully: true } load)
            {
                load.Result.Dispose();
            }
        }

        ProcessMemory.Release();
        lock (_lock)
        {
            foreach (var item in detached.Where(d => d.Entry.State == RuntimeState.Unloading))
            {
                item.Entry.State = RuntimeState.Unavailable;
            }
        }
    }

    /// <summary>
    /// Drops and disposes the runners of <paramref name="model"/>'s <paramref name="versions"/> (all its versions when
    /// null), after they were deleted. Requests already running on one finish; later calls on it fail.
    /// </summary>
    public void Evict(string model, IReadOnlyCollection<int>? versions)
    {
        var evicted = new List<Task<IModelRunner>>();
        lock (_lock)
        {
            foreach (var (key, entry) in _entries.ToList())
            {
                if (key.Model == model && (versions is null || versions.Contains(key.Version)))
                {
                    _entries.Remove(key);
                    entry.LoadId++;
                    entry.State = RuntimeState.Unavailable;
                    if (entry.Load is { } load)
                    {
                        evicted.Add(load);
                    }
                }
            }
        }

        foreach (var load in evicted.Where(l => l.IsCompletedSuccessfully))
        {
            load.Result.Dispose();
        }
    }
}

/// <summary>A version taken out of the cache by an unload, with its runner's load and its state just before.</summary>
internal sealed record DetachedRuntime(RuntimeEntry Entry, Task<IModelRunner>? Load, RuntimeStatus Before);
