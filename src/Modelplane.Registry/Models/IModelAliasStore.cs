namespace Modelplane.Registry.Models;

/// <summary>
/// Persists aliases: movable names for versions. Kept apart from <see cref="IModelStore"/> so each store stays one
/// aggregate's worth of members (the mlflow god-store warning in STYLE.md).
/// </summary>
public interface IModelAliasStore
{
    /// <summary>Points <paramref name="aliasName"/> at <paramref name="version"/>, creating it or moving it in one statement.</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The model has no such version.</exception>
    Task<ModelAlias> SetAsync(string model, string aliasName, int version, CancellationToken ct);

    /// <summary>Removes an alias; returns false when it did not exist.</summary>
    Task<bool> DeleteAsync(string model, string aliasName, CancellationToken ct);

    /// <summary>Lists a model's aliases ordered by name; empty when there are none or the model does not exist.</summary>
    Task<IReadOnlyList<ModelAlias>> ListAsync(string model, CancellationToken ct);

    /// <summary>Returns the version named by a number (<c>"3"</c>) or an alias (<c>"champion"</c>), or null.</summary>
    Task<ModelVersion?> ResolveAsync(string model, string versionOrAlias, CancellationToken ct);
}
