using System.Collections.Frozen;

namespace Modelplane.Serving.Routing;

// Deleting a version (or a whole model) must stop it answering at once: every route that serves it, the model's
// direct route (its latest may have changed) and its cached aliases leave the snapshot, and its runners are disposed.
public sealed partial class ServingTable
{
    /// <summary>
    /// Forgets everything that serves <paramref name="model"/>'s <paramref name="versions"/> (every version when null):
    /// call after they are deleted or purged. The next request for the model resolves through the store again.
    /// </summary>
    public void OnVersionsRemoved(string model, IReadOnlyCollection<int>? versions = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        bool Serves(ServingRoute r) => r.Serves(model, v => versions is null || versions.Contains(v));
        Update(s => s.WithoutServing(model, Serves));
        runtimes.Evict(model, versions);
    }

    /// <summary>Forgets the model's direct route and aliases after versions of it are restored, so its latest is read again.</summary>
    public void OnVersionsRestored(string model) => Update(s => s.WithoutServing(model, _ => false));

    private sealed partial record Snapshot
    {
        public Snapshot WithoutServing(string model, Func<ServingRoute, bool> serves) => this with
        {
            Generation = Generation + 1,
            Routes = Routes
                .Where(p => !serves(p.Value) && !(p.Value.Endpoint is null && p.Value.Runner.Version.Model == model))
                .ToFrozenDictionary(StringComparer.Ordinal),
            Versioned = Versioned.Where(p => !serves(p.Value)).ToFrozenDictionary(),
            Aliases = Aliases.Where(p => p.Value.Model != model).ToFrozenDictionary(),
        };
    }
}
