using Modelplane.Registry.Models;
using Modelplane.Serving.Execution;

namespace Modelplane.Serving.Routing;

// Per-version execution settings: read at load, and applied to a loaded version by loading it anew beside the old runner.
public sealed partial class ModelRuntimeCache
{
    /// <summary>
    /// Loads <paramref name="version"/> again with its current execution settings and puts the new runner in the cache.
    /// The old runner is returned, not disposed: the caller swaps its routes first, then disposes it (in-flight calls finish on it).
    /// </summary>
    /// <returns>The old and new runner, or null when the version was not loaded (its next load reads the new settings).</returns>
    /// <exception cref="ModelLoadException">The version cannot be loaded with the new settings; the old runner stays.</exception>
    public async Task<(IModelRunner Old, IModelRunner New)?> ReloadAsync(ModelVersion version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(version);
        var key = (version.Model, version.Version, version.Digest);
        if (!_runners.TryGetValue(key, out var current) || !current.IsValueCreated)
        {
            return null;
        }

        var old = await current.Value.WaitAsync(ct).ConfigureAwait(false);
        var fresh = await LoadAsync(version).ConfigureAwait(false);
        if (!_runners.TryUpdate(key, new Lazy<Task<IModelRunner>>(Task.FromResult(fresh)), current))
        {
            // Evicted (deleted) or reloaded by someone else meanwhile: this runner serves nothing.
            fresh.Dispose();
            return null;
        }

        return (old, fresh);
    }

    private async Task<ExecutionSettings?> SettingsOfAsync(ModelVersion version) =>
        executions is null
            ? null
            : ExecutionRules.Resolve(
                await executions.GetAsync(version.Model, version.Version, CancellationToken.None).ConfigureAwait(false), factory.Defaults);
}
