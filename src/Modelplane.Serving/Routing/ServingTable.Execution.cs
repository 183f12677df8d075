using System.Collections.Frozen;
using Modelplane.Registry.Models;

namespace Modelplane.Serving.Routing;

// A change of a version's execution settings (threads, queue, batching) needs a new session: the version is loaded
// again beside the old runner, every route moves to the new one at once, and the old one is disposed; requests
// already on it finish there.
public sealed partial class ServingTable
{
    /// <summary>Applies <paramref name="version"/>'s new execution settings to the routes that serve it, if it is loaded.</summary>
    /// <returns>True when a loaded runner was replaced; false when the version was not loaded (its next load uses the settings).</returns>
    /// <exception cref="ModelLoadException">The version cannot be loaded with the new settings; routes keep the old runner.</exception>
    public async Task<bool> OnExecutionChangedAsync(ModelVersion version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (await runtimes.ReloadAsync(version, ct).ConfigureAwait(false) is not { } swap)
        {
            return false;
        }

        Update(s => s.WithRunnerReplaced(swap.Old, swap.New));
        swap.Old.Dispose();
        return true;
    }

    private sealed partial record Snapshot
    {
        public Snapshot WithRunnerReplaced(IModelRunner old, IModelRunner fresh)
        {
            ServingRoute Swap(ServingRoute r) => r.Replace(old, fresh);
            return this with
            {
                Generation = Generation + 1,
                Routes = Routes.ToFrozenDictionary(p => p.Key, p => Swap(p.Value), StringComparer.Ordinal),
                Versioned = Versioned.ToFrozenDictionary(p => p.Key, p => Swap(p.Value)),
            };
        }
    }
}
