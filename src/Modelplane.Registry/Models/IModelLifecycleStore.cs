using Modelplane.Registry.Models.Lifecycle;

namespace Modelplane.Registry.Models;

/// <summary>
/// Soft deletion: a deleted version or model disappears from every read that serves or lists, stays restorable
/// until it is purged, and keeps its blob referenced until then. Version numbers are never handed out twice.
/// </summary>
/// <remarks>
/// A version in use cannot be deleted: the store checks its users (endpoints, active rollouts) and deletes it in
/// one write transaction, so a concurrent endpoint create either lands first (and the delete is refused) or is
/// refused itself.
/// </remarks>
public interface IModelLifecycleStore
{
    /// <summary>Soft-deletes one version, recording who, when and why.</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The model has no such version (deleted ones included).</exception>
    /// <exception cref="Storage.ResourceConflictException">
    /// The version is already deleted, an endpoint serves it, an active rollout uses it, or aliases point at it and
    /// <see cref="DeleteOptions.RemoveAliases"/> is false; the message names them.
    /// </exception>
    Task<DeletedVersion> DeleteVersionAsync(string model, int version, DeleteOptions options, CancellationToken ct);

    /// <summary>
    /// Soft-deletes a model with every live version; its aliases stay (hidden) for a restore, and its name stays taken
    /// (pushes are refused with a conflict) until it is purged.
    /// </summary>
    /// <exception cref="Storage.ResourceNotFoundException">No model has that name.</exception>
    /// <exception cref="Storage.ResourceConflictException">The model is already deleted, or an endpoint serves one of its versions.</exception>
    Task<DeletedModel> DeleteModelAsync(string model, DeleteOptions options, CancellationToken ct);

    /// <summary>
    /// Restores a deleted version (<paramref name="version"/> given) or a deleted model with the versions its delete took
    /// (versions deleted one by one before it stay deleted). Returns the restored versions, newest first.
    /// </summary>
    /// <exception cref="Storage.ResourceNotFoundException">The model or version does not exist (or was purged).</exception>
    /// <exception cref="Storage.ResourceConflictException">It is not deleted, or the version's model is deleted (restore the model).</exception>
    Task<IReadOnlyList<ModelVersion>> RestoreAsync(string model, int? version, CancellationToken ct);

    /// <summary>
    /// Hard-deletes deleted items with their metadata rows (tags, metrics, params, lineage links, cards, aliases): one
    /// deleted version, every deleted version of one model (and the model itself when it is deleted, freeing its name),
    /// or, with <paramref name="model"/> null, everything deleted in the registry. Live items are never touched.
    /// </summary>
    /// <remarks>
    /// Parent links from other versions to a purged version are removed with it. The model's version counter stays,
    /// so a purged number is never reused while the model exists. Blobs are not touched here: run the artifact
    /// collector with <see cref="PurgeResult.Digests"/> afterwards.
    /// </remarks>
    /// <exception cref="Storage.ResourceNotFoundException">The model or version does not exist.</exception>
    /// <exception cref="Storage.ResourceConflictException">The named version is not deleted.</exception>
    Task<PurgeResult> PurgeAsync(string? model, int? version, CancellationToken ct);

    /// <summary>Lists deleted models and versions, of one model or (null) of all, ordered by model then version.</summary>
    Task<DeletedItems> ListDeletedAsync(string? model, CancellationToken ct);

    /// <summary>Returns which of <paramref name="digests"/> some version row still references (deleted but not purged counts).</summary>
    Task<IReadOnlySet<string>> FindReferencedDigestsAsync(IReadOnlyCollection<string> digests, CancellationToken ct);
}
