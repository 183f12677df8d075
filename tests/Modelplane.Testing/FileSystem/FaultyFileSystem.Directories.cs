namespace Modelplane.Testing.FileSystem;

// Directory listing, file sizes and recursive directory deletion.
public sealed partial class FaultyFileSystem
{
    /// <inheritdoc />
    public IEnumerable<string> EnumerateDirectories(string directory)
    {
        directory = Normalize(directory);
        lock (_gate)
        {
            return [.. _visible.Where(e => e.Value.IsDirectory && Parent(e.Key) == directory).Select(e => e.Key).Order(StringComparer.Ordinal)];
        }
    }

    /// <inheritdoc />
    public long GetFileLength(string path)
    {
        path = Normalize(path);
        lock (_gate)
        {
            ThrowIfPoweredOff();
            return GetFile(path).Data.Length;
        }
    }

    /// <inheritdoc />
    /// <remarks>Like a directory create, the removal becomes durable only through <see cref="SyncDirectory"/> of the parent.</remarks>
    public void DeleteDirectory(string path)
    {
        path = Normalize(path);
        lock (_gate)
        {
            BeginOperation();
            if (path == "/" || !IsDirectory(path))
            {
                throw new DirectoryNotFoundException($"Could not find a part of the path '{path}'.");
            }

            var prefix = path + "/";
            foreach (var key in _visible.Keys.Where(k => k == path || k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                _visible.Remove(key);
            }
        }
    }
}
