namespace Modelplane.Registry.FileSystem;

/// <summary>The real file system, with the durability primitives the artifact store relies on.</summary>
internal sealed partial class PhysicalFileSystem : IFileSystem
{
    public Stream CreateNew(string path) =>
        // No FileStream buffer: callers write whole pooled chunks, and Sync must see every byte.
        new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);

    public Stream OpenRead(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);

    public void Sync(Stream stream)
    {
        if (stream is not FileStream file)
        {
            throw new ArgumentException("Only streams returned by CreateNew can be synced.", nameof(stream));
        }

        file.Flush(flushToDisk: true);
    }

    public void SyncDirectory(string path)
    {
        // Only Linux is a supported production target; elsewhere a rename is durable enough for development.
        if (OperatingSystem.IsLinux())
        {
            FsyncDirectory(path);
        }
    }

    public void Rename(string source, string destination) => File.Move(source, destination, overwrite: true);

    public void Delete(string path) => File.Delete(path);

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public IEnumerable<string> EnumerateFiles(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory) : [];

    public IEnumerable<string> EnumerateDirectories(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateDirectories(directory) : [];

    public long GetFileLength(string path) => new FileInfo(path).Length;

    // A symbolic link inside is removed, never followed.
    public void DeleteDirectory(string path) => Directory.Delete(path, recursive: true);

    public DateTimeOffset GetLastWriteTime(string path) =>
        // File.GetLastWriteTimeUtc answers 1601-01-01 for a missing file instead of throwing.
        File.Exists(path)
            ? new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero)
            : throw new FileNotFoundException($"Could not find file '{path}'.", path);

    public void SetLastWriteTime(string path, DateTimeOffset time)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Could not find file '{path}'.", path);
        }

        File.SetLastWriteTimeUtc(path, time.UtcDateTime);
    }
}
