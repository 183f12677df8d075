namespace Modelplane.Testing.FileSystem;

// Sync, SyncDirectory and Crash: how bytes and directory entries move from the visible to the durable view.
public sealed partial class FaultyFileSystem
{
    private int _epoch;

    /// <inheritdoc />
    /// <remarks>
    /// After an injected EIO the file's unsynced bytes are lost for good: later syncs of the same file report
    /// success but persist nothing new, as Linux does after a failed fsync ("fsyncgate").
    /// </remarks>
    public void Sync(Stream stream)
    {
        if (stream is not WriteStream { } writer)
        {
            throw new ArgumentException("Only streams returned by CreateNew can be synced.", nameof(stream));
        }

        WaitWhileStalled();
        lock (_gate)
        {
            BeginOperation();
            writer.ThrowIfStale(_epoch);
            if (NextFsyncFails())
            {
                writer.Node.WritesLost = true;
                throw new IOException("EIO: fsync failed.", Registry.FileSystem.FileSystemErrors.EIO);
            }

            if (!writer.Node.WritesLost)
            {
                writer.Node.Synced = writer.Node.Data.ToArray();
            }
        }
    }

    /// <inheritdoc />
    public void SyncDirectory(string path)
    {
        path = Normalize(path);
        WaitWhileStalled();
        lock (_gate)
        {
            BeginOperation();
            RequireDirectory(path);
            if (NextFsyncFails())
            {
                throw new IOException("EIO: fsync failed.", Registry.FileSystem.FileSystemErrors.EIO);
            }

            foreach (var stale in _durable.Keys.Where(k => Parent(k) == path).ToList())
            {
                _durable.Remove(stale);
            }

            foreach (var (child, node) in _visible.Where(e => Parent(e.Key) == path))
            {
                _durable[child] = node;
            }
        }
    }

    /// <summary>
    /// Pulls the plug: the visible view becomes the durable one. Files keep only their synced bytes, entries not
    /// made durable by a directory sync vanish (or reappear, for unsynced deletes and renames), and open write
    /// streams fail from now on.
    /// </summary>
    public void Crash()
    {
        lock (_gate)
        {
            CrashCore();
        }
    }

    private void CrashCore()
    {
        _epoch++;

        // An entry survives only if every directory above it survived too.
        bool Reachable(string path) => path == "/" || (_durable.TryGetValue(path, out var n) && n.IsDirectory && Reachable(Parent(path)));
        foreach (var orphan in _durable.Keys.Where(k => !Reachable(Parent(k))).ToList())
        {
            _durable.Remove(orphan);
        }

        _visible = new Dictionary<string, Node>(_durable, StringComparer.Ordinal);
        foreach (var node in _visible.Values.Where(n => !n.IsDirectory).Distinct())
        {
            node.Data = new MemoryStream();
            node.Data.Write(node.Synced);
            node.WritesLost = false;
        }
    }

    private sealed class Node
    {
        public bool IsDirectory { get; private init; }

        public MemoryStream Data { get; set; } = new();

        public byte[] Synced { get; set; } = [];

        public bool WritesLost { get; set; }

        public DateTimeOffset LastWrite { get; set; }

        public static Node File() => new();

        public static Node Directory() => new() { IsDirectory = true };
    }
}
