namespace Modelplane.Registry.Artifacts;

/// <summary>Content-addressed blob storage: blobs are named by their SHA-256 and never overwritten.</summary>
public interface IArtifactStore
{
    /// <summary>
    /// Streams <paramref name="content"/> to a durable temporary blob while hashing it. Nothing is visible
    /// under a digest until <see cref="StagedArtifact.CommitAsync"/>; disposing the staged artifact without
    /// committing deletes it.
    /// </summary>
    /// <exception cref="ArtifactTooLargeException">The content exceeds <paramref name="maxBytes"/>.</exception>
    Task<StagedArtifact> StageAsync(Stream content, long maxBytes, CancellationToken ct);

    /// <summary>Opens a committed blob after checking that its bytes still hash to <paramref name="digest"/>.</summary>
    /// <exception cref="ArtifactNotFoundException">No blob has that digest.</exception>
    /// <exception cref="ArtifactIntegrityException">The stored bytes no longer match the digest.</exception>
    Task<byte[]> ReadVerifiedAsync(string digest, CancellationToken ct);

    /// <summary>
    /// Opens a committed blob for one front-to-back read without loading it into memory. The bytes are not verified
    /// here: a caller that streams them on (an export) hashes them as they pass and compares with the digest.
    /// </summary>
    /// <exception cref="ArtifactNotFoundException">No blob has that digest.</exception>
    Task<Stream> OpenReadAsync(string digest, CancellationToken ct);
}
