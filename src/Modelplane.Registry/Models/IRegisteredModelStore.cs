using Modelplane.Registry.Tracking;

namespace Modelplane.Registry.Models;

/// <summary>
/// Persists what belongs to a model as a whole rather than to one version: its existence before the first push,
/// description, tags and name. This is the registered-model half of MLflow's model registry.
/// </summary>
public interface IRegisteredModelStore
{
    /// <summary>Creates a model with no versions.</summary>
    /// <exception cref="Storage.ResourceConflictException">A model with this name exists.</exception>
    Task<RegisteredModel> CreateAsync(string name, string? description, IReadOnlyDictionary<string, string> tags, CancellationToken ct);

    /// <summary>The model, or null when it does not exist.</summary>
    Task<RegisteredModel?> GetAsync(string name, CancellationToken ct);

    /// <summary>
    /// One page of models matching a filter over <c>name</c> and <c>tags.KEY</c>, ordered by <c>name</c>,
    /// <c>creation_timestamp</c> or <c>last_updated_timestamp</c>.
    /// </summary>
    Task<SearchPage<RegisteredModel>> SearchAsync(RegisteredModelSearch search, CancellationToken ct);

    /// <summary>Replaces the description (null clears it).</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The model does not exist.</exception>
    Task<RegisteredModel> SetDescriptionAsync(string name, string? description, CancellationToken ct);

    /// <summary>Renames a model with all its versions, metadata and aliases in one transaction.</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The model does not exist.</exception>
    /// <exception cref="Storage.ResourceConflictException">The new name is taken.</exception>
    /// <exception cref="Storage.ResourceInUseException">An endpoint serves the model.</exception>
    Task<RegisteredModel> RenameAsync(string name, string newName, CancellationToken ct);

    /// <summary>Sets or replaces one model tag.</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The model does not exist.</exception>
    Task SetTagAsync(string name, string key, string value, CancellationToken ct);

    /// <summary>Deletes one model tag; returns false when the model had no such tag.</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The model does not exist.</exception>
    Task<bool> DeleteTagAsync(string name, string key, CancellationToken ct);
}
