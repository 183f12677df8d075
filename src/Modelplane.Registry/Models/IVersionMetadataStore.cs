namespace Modelplane.Registry.Models;

/// <summary>
/// Persists what may change about an otherwise immutable version: description, tags, the approval decision and the model card.
/// The artifact, signature, params and lineage never change.
/// </summary>
public interface IVersionMetadataStore
{
    /// <summary>Sets (adds or replaces) one tag and returns the updated version.</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The version does not exist.</exception>
    Task<ModelVersion> SetTagAsync(string model, int version, string key, string value, CancellationToken ct);

    /// <summary>Deletes one tag; returns false when the version had no such tag.</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The version does not exist.</exception>
    Task<bool> DeleteTagAsync(string model, int version, string key, CancellationToken ct);

    /// <summary>Replaces the description (null clears it) and returns the updated version.</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The version does not exist.</exception>
    Task<ModelVersion> SetDescriptionAsync(string model, int version, string? description, CancellationToken ct);

    /// <summary>Records a review decision stamped with the current time and returns the updated version.</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The version does not exist.</exception>
    Task<ModelVersion> SetApprovalAsync(string model, int version, ApprovalStatus status, string? by, string? comment, CancellationToken ct);

    /// <summary>Stores or replaces the version's model card (Markdown).</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The version does not exist.</exception>
    Task SetCardAsync(string model, int version, string markdown, CancellationToken ct);

    /// <summary>Returns the version's model card, or null when none is stored.</summary>
    Task<string?> GetCardAsync(string model, int version, CancellationToken ct);
}
