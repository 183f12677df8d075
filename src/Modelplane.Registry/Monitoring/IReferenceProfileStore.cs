namespace Modelplane.Registry.Monitoring;

/// <summary>Stores one reference profile per model version; profiling the version again replaces it.</summary>
public interface IReferenceProfileStore
{
    /// <summary>Stores <paramref name="profile"/> as its version's reference, replacing any earlier one.</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The version does not exist or is deleted.</exception>
    Task SaveAsync(ReferenceProfile profile, CancellationToken ct);

    /// <summary>The version's reference profile, or null when it has none (or the version is deleted).</summary>
    Task<ReferenceProfile?> GetAsync(string model, int version, CancellationToken ct);
}
