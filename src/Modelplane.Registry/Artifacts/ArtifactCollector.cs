using Microsoft.Extensions.Options;
using Modelplane.Registry.Storage;

namespace Modelplane.Registry.Artifacts;

/// <summary>
/// Deletes blobs that no version row references (a deleted but not yet purged version still does) and that no
/// push committed within <see cref="ArtifactCollectionOptions.GracePeriod"/>, plus abandoned uploads in <c>tmp/</c>.
/// </summary>
/// <remarks>
/// Order matters against a concurrent push of the same bytes: the push commits the blob (stamping it) before it writes
/// its row, and the collector reads references before it checks the stamp, so a blob is only deleted when no row
/// referenced it and no push touched it within the grace period.
/// </remarks>
public sealed class ArtifactCollector
{
    private readonly FileSystemArtifactStore _artifacts;
    private readonly IMetadataStore _metadata;
    private readonly IOptions<ArtifactCollectionOptions> _options;

    internal ArtifactCollector(FileSystemArtifactStore artifacts, IMetadataStore metadata, IOptions<ArtifactCollectionOptions> options)
    {
        _artifacts = artifacts;
        _metadata = metadata;
        _options = options;
    }

    /// <summary>Collects the given blobs (those a purge may have freed) if nothing references them any more.</summary>
    public Task<BlobCollectionResult> CollectAsync(IReadOnlyCollection<string> digests, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(digests);
        return CollectCoreAsync(digests, sweepUploads: false, ct);
    }

    /// <summary>Collects every unreferenced blob and sweeps abandoned uploads: what the background collection runs.</summary>
    public Task<BlobCollectionResult> CollectAllAsync(CancellationToken ct) =>
        CollectCoreAsync([.. _artifacts.EnumerateBlobDigests()], sweepUploads: true, ct);

    /// <summary>Returns the stored blobs that no version references: the first half of a collection.</summary>
    internal async Task<IReadOnlyList<string>> FindUnreferencedAsync(IReadOnlyCollection<string> digests, CancellationToken ct)
    {
        var referenced = await _metadata.Lifecycle.FindReferencedDigestsAsync(digests, ct).ConfigureAwait(false);
        return [.. digests.Where(d => ArtifactDigests.IsValid(d) && !referenced.Contains(d)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Deletes the candidates whose last commit is older than the grace period: the second half.</summary>
    internal BlobCollectionResult DeleteUnreferenced(IReadOnlyList<string> candidates, int sweptUploads)
    {
        var committedBefore = _artifacts.Time.GetUtcNow() - _options.Value.GracePeriod;
        var deleted = new List<string>();
        long bytes = 0;
        foreach (var digest in candidates)
        {
            if (_artifacts.TryDeleteUnreferenced(digest, committedBefore) is { } size)
            {
                deleted.Add(digest);
                bytes += size;
            }
        }

        return new BlobCollectionResult(deleted, bytes, sweptUploads);
    }

    private async Task<BlobCollectionResult> CollectCoreAsync(IReadOnlyCollection<string> digests, bool sweepUploads, CancellationToken ct)
    {
        var candidates = await FindUnreferencedAsync(digests, ct).ConfigureAwait(false);
        var swept = sweepUploads ? _artifacts.SweepStaleUploads(_artifacts.Time.GetUtcNow() - _options.Value.GracePeriod) : 0;
        return DeleteUnreferenced(candidates, swept);
    }
}

/// <summary>What one collection removed.</summary>
/// <param name="DeletedDigests">Blobs deleted.</param>
/// <param name="DeletedBytes">Their total size.</param>
/// <param name="SweptUploads">Abandoned <c>tmp/*.partial</c> files deleted.</param>
public sealed record BlobCollectionResult(IReadOnlyList<string> DeletedDigests, long DeletedBytes, int SweptUploads);
