namespace Modelplane.Registry.FileSystem;

/// <summary>
/// The only way Modelplane touches files it owns. Tests swap in a faulty implementation to inject a crash
/// (drop unsynced writes), EIO on fsync, a full disk or a stall (RELIABILITY.md T01–T03).
/// </summary>
public interface IFileSystem
{
    /// <summary>Creates a new file for writing; fails if it exists.</summary>
    Stream CreateNew(string path);

    /// <summary>Opens an existing file for reading.</summary>
    Stream OpenRead(string path);

    /// <summary>Flushes a stream returned by <see cref="CreateNew"/> to stable storage (fsync).</summary>
    void Sync(Stream stream);

    /// <summary>Flushes a directory's entries to stable storage, so a rename or create inside it survives a crash.</summary>
    void SyncDirectory(string path);

    /// <summary>Atomically renames a file, replacing the destination if it exists.</summary>
    void Rename(string source, string destination);

    /// <summary>Deletes a file if it exists.</summary>
    void Delete(string path);

    /// <summary>Returns whether a file exists.</summary>
    bool FileExists(string path);

    /// <summary>Returns whether a directory exists.</summary>
    bool DirectoryExists(string path);

    /// <summary>Creates a directory and its parents if missing.</summary>
    void CreateDirectory(string path);

    /// <summary>Lists the files directly inside a directory; empty when it does not exist.</summary>
    IEnumerable<string> EnumerateFiles(string directory);

    /// <summary>Lists the directories directly inside a directory; empty when it does not exist.</summary>
    IEnumerable<string> EnumerateDirectories(string directory);

    /// <summary>Returns the size of a file in bytes.</summary>
    long GetFileLength(string path);

    /// <summary>Deletes a directory and everything below it.</summary>
    void DeleteDirectory(string path);

    /// <summary>Returns when a file was last written or stamped by <see cref="SetLastWriteTime"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    DateTimeOffset GetLastWriteTime(string path);

    /// <summary>Stamps a file's last-write time (the artifact store marks a blob as just committed this way).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    void SetLastWriteTime(string path, DateTimeOffset time);
}
