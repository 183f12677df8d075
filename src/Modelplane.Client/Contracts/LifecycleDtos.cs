namespace Modelplane.Client.Contracts;

/// <summary>A soft-deleted version (<c>DELETE /api/v1/models/{name}/versions/{v}</c>, <c>GET /api/v1/deleted</c>).</summary>
/// <param name="WithModel">True when it went with its model's delete (restoring the model restores it).</param>
public sealed record DeletedVersionDto(
    string Model,
    int Version,
    string Digest,
    long SizeBytes,
    DateTimeOffset CreatedAt,
    DateTimeOffset DeletedAt,
    string? DeletedBy,
    string? Reason,
    bool WithModel);

/// <summary>A soft-deleted model (<c>DELETE /api/v1/models/{name}</c>, <c>GET /api/v1/deleted</c>); its name stays taken until purged.</summary>
public sealed record DeletedModelDto(string Name, DateTimeOffset DeletedAt, string? DeletedBy, string? Reason, IReadOnlyList<int> Versions);

/// <summary>Everything deleted and not yet purged (<c>GET /api/v1/deleted</c>).</summary>
public sealed record DeletedItemsDto(IReadOnlyList<DeletedModelDto> Models, IReadOnlyList<DeletedVersionDto> Versions);

/// <summary>A version removed for good by a purge.</summary>
public sealed record PurgedVersionDto(string Model, int Version, string Digest);

/// <summary>What a purge removed: models (names free again), versions, and the blobs no version references any more.</summary>
/// <param name="BlobsDeleted">Blobs deleted at once; a blob committed within the collection grace period is left for the periodic collection.</param>
public sealed record PurgeResultDto(IReadOnlyList<string> Models, IReadOnlyList<PurgedVersionDto> Versions, int BlobsDeleted, long BytesFreed);
