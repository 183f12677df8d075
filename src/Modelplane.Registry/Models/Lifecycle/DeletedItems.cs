namespace Modelplane.Registry.Models.Lifecycle;

/// <summary>Who deleted something, when and why.</summary>
public sealed record DeletionInfo(DateTimeOffset DeletedAt, string? DeletedBy, string? Reason);

/// <summary>A soft-deleted version, as it was when deleted.</summary>
/// <param name="Version">The version (aliases are those still stored for it: none, unless its model was deleted).</param>
/// <param name="Deletion">Who, when, why.</param>
/// <param name="WithModel">True when it was deleted by its model's delete, so restoring the model restores it.</param>
public sealed record DeletedVersion(ModelVersion Version, DeletionInfo Deletion, bool WithModel);

/// <summary>A soft-deleted model.</summary>
/// <param name="Name">The model name, still taken until purge.</param>
/// <param name="Deletion">Who, when, why.</param>
/// <param name="Versions">Numbers of its versions still stored (all deleted), ascending.</param>
public sealed record DeletedModel(string Name, DeletionInfo Deletion, IReadOnlyList<int> Versions);

/// <summary>Everything deleted and not yet purged.</summary>
/// <param name="Models">Deleted models, by name.</param>
/// <param name="Versions">Deleted versions (with their model's delete or on their own), by model then version.</param>
public sealed record DeletedItems(IReadOnlyList<DeletedModel> Models, IReadOnlyList<DeletedVersion> Versions);

/// <summary>A version that a purge removed for good.</summary>
public sealed record PurgedVersion(string Model, int Version, string Digest);

/// <summary>What a purge removed.</summary>
/// <param name="Models">Models removed entirely (their names are free again).</param>
/// <param name="Versions">Versions removed.</param>
public sealed record PurgeResult(IReadOnlyList<string> Models, IReadOnlyList<PurgedVersion> Versions)
{
    /// <summary>The distinct digests of the purged versions: the blobs that may now be unreferenced.</summary>
    public IReadOnlyList<string> Digests => [.. Versions.Select(v => v.Digest).Distinct(StringComparer.Ordinal)];
}
