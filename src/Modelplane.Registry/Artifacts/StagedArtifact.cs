namespace Modelplane.Registry.Artifacts;

/// <summary>A fully written, fsynced upload that is not yet published under its digest.</summary>
public abstract class StagedArtifact : IAsyncDisposable
{
    /// <summary>Lower-case hex SHA-256 of the staged bytes.</summary>
    public abstract string Digest { get; }

    /// <summary>Size of the staged bytes.</summary>
    public abstract long SizeBytes { get; }

    /// <summary>Opens the staged bytes for inspection before commit.</summary>
    public abstract Stream OpenRead();

    /// <summary>
    /// Publishes the blob under its digest (rename, then directory fsync). When a blob with the same digest is
    /// already stored, the staged copy is discarded. After this returns the blob survives a crash.
    /// </summary>
    public abstract Task CommitAsync(CancellationToken ct);

    /// <summary>Deletes the staged file if it was not committed.</summary>
    public abstract ValueTask DisposeAsync();
}
