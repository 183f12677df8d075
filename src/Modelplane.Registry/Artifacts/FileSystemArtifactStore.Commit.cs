using Modelplane.Registry.FileSystem;

namespace Modelplane.Registry.Artifacts;

// Publishing a staged file under its digest, and making the directories that hold blobs durable.
internal sealed partial class FileSystemArtifactStore
{
    // Commits are a rename plus a directory fsync; serialising them keeps a failed commit's rollback from
    // deleting a blob that a concurrent commit of the same digest has just published. The collector deletes blobs
    // under the same gate (FileSystemArtifactStore.Collection.cs).
    private readonly Lock _commitGate = new();

    internal void Commit(string tempPath, string digest)
    {
        var finalPath = BlobPath(digest);
        var fanOut = Path.GetDirectoryName(finalPath)!;
        lock (_commitGate)
        {
            // Every commit stamps the blob's last-write time: the collector leaves blobs stamped within its grace
            // period alone, so a push that reuses an unreferenced blob keeps it until its version row is written.
            var now = _time.GetUtcNow();
            if (_fs.FileExists(finalPath))
            {
                _fs.SetLastWriteTime(finalPath, now);
                _fs.Delete(tempPath);

                // The existing entry may come from a commit whose directory fsync has not happened yet.
                _fs.SyncDirectory(fanOut);
                return;
            }

            _fs.CreateDirectoryDurably(fanOut);
            _fs.SetLastWriteTime(tempPath, now);
            _fs.Rename(tempPath, finalPath);
            try
            {
                _fs.SyncDirectory(fanOut);
            }
            catch
            {
                // A rename that could not be made durable must not be trusted later: a retry rewrites the blob
                // from scratch instead of finding this one and fsyncing again (PostgreSQL's fsyncgate lesson).
                TryDelete(finalPath);
                throw;
            }
        }
    }

    private void EnsureLayout()
    {
        if (_layoutReady)
        {
            return;
        }

        lock (_layoutGate)
        {
            _fs.CreateDirectoryDurably(_blobs);
            _fs.CreateDirectoryDurably(_tmp);
            _layoutReady = true;
        }
    }
}
