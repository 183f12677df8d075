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
                return InUseLocked();
            }
        }
    }

    private long InUseLocked() => _entries.Values.Sum(e => e.ChargedBytes);

    private long ReserveLocked(RuntimeEntry entry)
    {
        var estimate = Math.Max(entry.Version.SizeBytes, entry.FootprintBytes);
        var budget = _options.MemoryBudgetBytes;
        if (budget <= 0)
        {
            return estimate;
        }

        var inUse = InUseLocked();
        if (inUse + estimate > budget)
        {
            var loaded = _entries.Values.Count(e => e.State is RuntimeState.Ready or RuntimeState.Loading);
            var version = entry.Version;
            throw new ModelMemoryBudgetException(
                $"Model '{version.Model}' version {version.Version} needs about {Size(estimate)}, but the memory budget is {Size(budget)} " +
                $"and {Size(inUse)} is in use by {loaded} loaded version(s). Unload a version (POST /v2/repository/models/{{name}}/unload) " +
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
