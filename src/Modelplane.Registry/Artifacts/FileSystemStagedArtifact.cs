namespace Modelplane.Registry.Artifacts;

/// <summary>An fsynced temp file in <c>tmp/</c>, published by <see cref="CommitAsync"/> or deleted on dispose.</summary>
internal sealed class FileSystemStagedArtifact(FileSystemArtifactStore store, string tempPath, string digest, long sizeBytes)
    : StagedArtifact
{
    private bool _committed;
    private bool _disposed;

    public override string Digest => digest;

    public override long SizeBytes => sizeBytes;

    internal string TempPath => tempPath;

    public override Stream OpenRead()
    {
        ThrowIfDone();
        return store.FileSystem.OpenRead(tempPath);
    }

    public override Task CommitAsync(CancellationToken ct)
    {
        ThrowIfDone();
        ct.ThrowIfCancellationRequested();
        store.Commit(tempPath, digest);
        _committed = true;
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            if (!_committed)
            {
                store.DiscardStaged(tempPath);
            }
        }

        return ValueTask.CompletedTask;
    }

    private void ThrowIfDone()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException("The artifact was already committed.");
        }
    }
}
