namespace Modelplane.Registry.Models;

/// <summary>Persists models and their immutable versions.</summary>
public interface IModelStore
{
    /// <summary>Registers a version whose artifact is already durable, creating the model on first push.</summary>
    /// <returns>The version with its assigned number: one more than the model's highest, never reused.</returns>
    Task<ModelVersion> CreateVersionAsync(NewModelVersion request, CancellationToken ct);

    /// <summary>Returns one version, or null.</summary>
    Task<ModelVersion?> GetVersionAsync(string model, int version, CancellationToken ct);

    /// <summary>Returns the highest version of a model, or null when the model does not exist.</summary>
    Task<ModelVersion?> GetLatestVersionAsync(string model, CancellationToken ct);

    /// <summary>Lists every version of a model, newest first; empty when the model does not exist.</summary>
    Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string model, CancellationToken ct);

    /// <summary>Lists all models ordered by name.</summary>
    Task<IReadOnlyList<ModelSummary>> ListModelsAsync(CancellationToken ct);
}
