using System.Collections.Concurrent;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.Models;
using Modelplane.Serving.Execution;

namespace Modelplane.Serving.Routing;

/// <summary>
/// Loads each model version at most once (digest verified on the way in) and keeps its runner for reuse.
/// </summary>
/// <param name="artifacts">Where the versions' bytes are.</param>
/// <param name="factory">Loads bytes into runners.</param>
/// <param name="executions">Each version's own execution settings; without it every version runs with the factory's defaults.</param>
public sealed partial class ModelRuntimeCache(IArtifactStore artifacts, ModelRunnerFactory factory, IVersionExecutionStore? executions = null) : IDisposable
{
    // The digest is part of the key: after a purge a model name can come back with the same version numbers and other bytes.
    private readonly ConcurrentDictionary<(string Model, int Version, string Digest), Lazy<Task<IModelRunner>>> _runners = new();

    /// <summary>Returns the runner for a version, loading it on first use.</summary>
    /// <exception cref="ModelLoadException">The artifact is missing, corrupt or cannot be loaded.</exception>
    public async Task<IModelRunner> GetOrLoadAsync(ModelVersion version, CancellationToken ct)
    {
        var key = (version.Model, version.Version, version.Digest);
        var lazy = _runners.GetOrAdd(key, _ => new Lazy<Task<IModelRunner>>(() => LoadAsync(version)));
        try
        {
            return await lazy.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (ModelLoadException)
        {
            // A failed load is not cached: the next request may find the problem fixed.
            _runners.TryRemove(new KeyValuePair<(string, int, string), Lazy<Task<IModelRunner>>>(key, lazy));
            throw;
        }
    }

    private async Task<IModelRunner> LoadAsync(ModelVersion version)
    {
        byte[] bytes;
        try
        {
            bytes = await artifacts.ReadVerifiedAsync(version.Digest, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ArtifactNotFoundException or ArtifactIntegrityException)
        {
            throw new ModelLoadException($"Model '{version.Model}' version {version.Version} cannot be loaded: {ex.Message}", ex);
        }

        var settings = await SettingsOfAsync(version).ConfigureAwait(false);
        try
        {
            return factory.Create(version, bytes, settings);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Any runtime's load failure (ONNX Runtime, ML.NET, an unknown format) keeps the endpoint on what it served.
            throw new ModelLoadException($"Model '{version.Model}' version {version.Version} ({version.Format}) cannot be loaded: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Drops and disposes the runners of <paramref name="model"/>'s <paramref name="versions"/> (all its versions when
    /// null), after they were deleted. Requests already running on one finish; later calls on it fail.
    /// </summary>
    public void Evict(string model, IReadOnlyCollection<int>? versions)
    {
        foreach (var (key, lazy) in _runners)
        {
            if (key.Model == model && (versions is null || versions.Contains(key.Version))
                && _runners.TryRemove(new KeyValuePair<(string, int, string), Lazy<Task<IModelRunner>>>(key, lazy))
                && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                lazy.Value.Result.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var lazy in _runners.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                lazy.Value.Result.Dispose();
            }
        }

        _runners.Clear();
    }
}

/// <summary>A model version could not be loaded; the endpoint keeps serving what it served before.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
