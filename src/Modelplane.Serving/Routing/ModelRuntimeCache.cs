using System.Collections.Concurrent;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.Models;

namespace Modelplane.Serving.Routing;

/// <summary>
/// Loads each model version at most once (digest verified on the way in) and keeps its runner for reuse.
/// </summary>
public sealed class ModelRuntimeCache(IArtifactStore artifacts, ModelRunnerFactory factory) : IDisposable
{
    private readonly ConcurrentDictionary<(string Model, int Version), Lazy<Task<IModelRunner>>> _runners = new();

    /// <summary>Returns the runner for a version, loading it on first use.</summary>
    /// <exception cref="ModelLoadException">The artifact is missing, corrupt or cannot be loaded.</exception>
    public async Task<IModelRunner> GetOrLoadAsync(ModelVersion version, CancellationToken ct)
    {
        var key = (version.Model, version.Version);
        var lazy = _runners.GetOrAdd(key, _ => new Lazy<Task<IModelRunner>>(() => LoadAsync(version)));
        try
        {
            return await lazy.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (ModelLoadException)
        {
            // A failed load is not cached: the next request may find the problem fixed.
            _runners.TryRemove(new KeyValuePair<(string, int), Lazy<Task<IModelRunner>>>(key, lazy));
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

        try
        {
            return factory.Create(version, bytes);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Any runtime's load failure (ONNX Runtime, ML.NET, an unknown format) keeps the endpoint on what it served.
            throw new ModelLoadException($"Model '{version.Model}' version {version.Version} ({version.Format}) cannot be loaded: {ex.Message}", ex);
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
