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
        RuntimeEntry? entry;
        Task<IModelRunner> current;
        lock (_lock)
        {
            if (!_entries.TryGetValue(Key(version), out entry) || entry.State != RuntimeState.Ready || entry.Load is not { IsCompletedSuccessfully: true } load)
            {
                return null;
            }
            current = load;
        }

        ct.ThrowIfCancellationRequested();
        var bytes = await ReadArtifactAsync(version).ConfigureAwait(false);
        var (fresh, footprint) = await CreateMeasuredAsync(entry, bytes).ConfigureAwait(false);
        lock (_lock)
        {
            if (entry.State == RuntimeState.Ready && ReferenceEquals(entry.Load, current))
            {
                entry.Load = Task.FromResult(fresh);
                entry.FootprintBytes = footprint;
                return (current.Result, fresh);
            }
        }

        // Unloaded, deleted or reloaded by someone else meanwhile: this runner serves nothing.
        fresh.Dispose();
        return null;
    }

    private async Task<ExecutionSettings?> SettingsOfAsync(ModelVersion version) =>
        _executions is null
            ? null
            : ExecutionRules.Resolve(
                await _executions.GetAsync(version.Model, version.Version, CancellationToken.None).ConfigureAwait(false), _factory.Defaults);
}
