using Modelplane.Registry.FileSystem;

namespace Modelplane.Testing.FileSystem;

/// <summary>
/// An in-memory file system that can lose power, fail fsync with EIO, run out of space and stall
/// (RELIABILITY.md §0 and T01–T03).
/// </summary>
/// <remarks>
/// It keeps two views, like SQLite's crash VFS. The <em>visible</em> view is what running code sees. The
/// <em>durable</em> view is what survives <see cref="Crash"/>: a file's bytes become durable only through
/// <see cref="Sync"/>, and a directory entry (a create, rename or delete inside the directory) only through
/// <see cref="SyncDirectory"/> of that directory. Paths are absolute Unix paths; "/" always exists.
/// </remarks>
public sealed partial class FaultyFileSystem : IFileSystem
{
    private readonly Lock _gate = new();
    private Dictionary<string, Node> _visible = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Node> _durable = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Stream CreateNew(string path)
    {
        path = Normalize(path);
        lock (_gate)
        {
            BeginOperation();
            RequireDirectory(Parent(path));
            if (_visible.ContainsKey(path))
            {
                throw new IOException($"The file '{path}' already exists.", 17);
            }

            var node = Node.File();
            node.LastWrite = Clock.GetUtcNow();
            _visible[path] = node;
            return new WriteStream(this, node, _epoch);
        }
    }

    /// <inheritdoc />
    public Stream OpenRead(string path)
    {
        path = Normalize(path);
        lock (_gate)
        {
            ThrowIfPoweredOff();
            return new MemoryStream(GetFile(path).Data.ToArray(), writable: false);
        }
    }

    /// <inheritdoc />
    public void Rename(string source, string destination)
    {
        source = Normalize(source);
        destination = Normalize(destination);
        lock (_gate)
        {
            BeginOperation();
            var node = GetFile(source);
            RequireDirectory(Parent(destination));
            _visible.Remove(source);
            _visible[destination] = node;
        }
    }

    /// <inheritdoc />
    public void Delete(string path)
    {
        path = Normalize(path);
        lock (_gate)
        {
            BeginOperation();
            if (_visible.TryGetValue(path, out var node) && !node.IsDirectory)
            {
                _visible.Remove(path);
            }
        }
    }

    /// <inheritdoc />
    public bool FileExists(string path)
    {
        path = Normalize(path);
        lock (_gate)
        {
            return _visible.TryGetValue(path, out var node) && !node.IsDirectory;
        }
    }

    /// <inheritdoc />
    public bool DirectoryExists(string path)
    {
        path = Normalize(path);
        lock (_gate)
        {
            return IsDirectory(path);
        }
    }

    /// <inheritdoc />
    public void CreateDirectory(string path)
    {
        path = Normalize(path);
        lock (_gate)
        {
            BeginOperation();
            CreateDirectoryCore(path);
        }
    }

    /// <inheritdoc />
    public IEnumerable<string> EnumerateFiles(string directory)
    {
        directory = Normalize(directory);
        lock (_gate)
        {
            return [.. _visible.Where(e => !e.Value.IsDirectory && Parent(e.Key) == directory).Select(e => e.Key).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>Lists every file path in the visible view, for assertions such as "no temp file is left".</summary>
    public IReadOnlyList<string> AllFiles()
    {
        lock (_gate)
        {
            return [.. _visible.Where(e => !e.Value.IsDirectory).Select(e => e.Key).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>Reads a file's visible bytes.</summary>
    public byte[] ReadAllBytes(string path)
    {
        path = Normalize(path);
        lock (_gate)
        {
            return GetFile(path).Data.ToArray();
        }
    }

    private void CreateDirectoryCore(string path)
    {
        if (path == "/" || IsDirectory(path))
        {
            return;
        }

        CreateDirectoryCore(Parent(path));
        if (_visible.ContainsKey(path))
        {
            throw new IOException($"'{path}' exists and is a file.", 17);
        }

        _visible[path] = Node.Directory();
    }

    private bool IsDirectory(string path) => path == "/" || (_visible.TryGetValue(path, out var node) && node.IsDirectory);

    private void RequireDirectory(string path)
    {
        if (!IsDirectory(path))
        {
            throw new DirectoryNotFoundException($"Could not find a part of the path '{path}'.");
        }
    }

    private Node GetFile(string path) =>
        _visible.TryGetValue(path, out var node) && !node.IsDirectory
            ? node
            : throw new FileNotFoundException($"Could not find file '{path}'.", path);

    private static string Normalize(string path)
    {
        var full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    private static string Parent(string path) => Path.GetDirectoryName(path) ?? "/";
}
