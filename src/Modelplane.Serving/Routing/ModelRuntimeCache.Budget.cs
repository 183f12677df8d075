using System.Globalization;

namespace Modelplane.Serving.Routing;

// The budget is checked before a load with an estimate (the artifact size, or what the version took the last time it
// was loaded) reserved while it loads, so loads running at once cannot together overshoot it; once loaded, the
// version counts for what it was measured to take.
public sealed partial class ModelRuntimeCache
{
    /// <summary>The configured budget in bytes; 0 when unlimited.</summary>
    public long MemoryBudgetBytes => _options.MemoryBudgetBytes;

    /// <summary>The memory loaded versions take plus the estimates reserved for versions loading now, in bytes.</summary>
    public long MemoryInUseBytes
    {
        get
        {
            lock (_lock)
            {
                return _memory.InUseLocked();
            }
        }
    }

    /// <summary>This cache's share of the budget; the caller holds the shared lock.</summary>
    internal long ChargedLocked() => _entries.Values.Sum(e => e.ChargedBytes);

    /// <summary>This cache's versions loaded or loading; the caller holds the shared lock.</summary>
    internal int LoadedCountLocked() => _entries.Values.Count(e => e.State is RuntimeState.Ready or RuntimeState.Loading);

    private long ReserveLocked(RuntimeEntry entry)
    {
        var estimate = Math.Max(entry.Version.SizeBytes, entry.FootprintBytes);
        var budget = _options.MemoryBudgetBytes;
        if (budget <= 0)
        {
            return estimate;
        }

        var inUse = _memory.InUseLocked();
        if (inUse + estimate > budget)
        {
            // Use is shared with other workspaces; only this workspace's versions are counted, so none of theirs is disclosed.
            var loaded = LoadedCountLocked();
            var version = entry.Version;
            throw new ModelMemoryBudgetException(
                $"Model '{version.Model}' version {version.Version} needs about {Size(estimate)}, but the memory budget is {Size(budget)} " +
                $"and {Size(inUse)} is in use ({loaded} version(s) of this workspace loaded). Unload a version (POST /v2/repository/models/{{name}}/unload) " +
                $"or raise {ServingOptions.Section}:{nameof(ServingOptions.MemoryBudgetBytes)}.",
                budget,
                inUse,
                estimate);
        }

        return estimate;
    }

    private static string Size(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):F1} MiB ({bytes} bytes)");
}
