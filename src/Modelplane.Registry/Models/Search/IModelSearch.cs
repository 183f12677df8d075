using Modelplane.Registry.Tracking;

namespace Modelplane.Registry.Models.Search;

/// <summary>Finds model versions across all models with the MLflow filter syntax, one keyset page at a time.</summary>
public interface IModelSearch
{
    /// <summary>Returns one page of the versions matching <paramref name="query"/> and the total that match.</summary>
    /// <exception cref="Tracking.Search.SearchFilterException">The filter or order is malformed or names an unknown key.</exception>
    /// <exception cref="RegistryValidationException">The page size or page token is invalid.</exception>
    Task<SearchPage<ModelVersion>> SearchVersionsAsync(VersionSearch query, CancellationToken ct);
}
