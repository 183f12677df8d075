using Modelplane.Registry.FileSystem;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Registry.Tests.FileSystem;

public sealed class PhysicalFileSystemTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly PhysicalFileSystem _fs = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void CreateNew_ExistingFile_ThrowsIOException()
    {
        var path = Path.Combine(_dir.Path, "a");
        File.WriteAllText(path, "x");

        Assert.Throws<IOException>(() => _fs.CreateNew(path));
    }

    [Fact]
    public void Sync_WrittenStream_BytesAreOnDisk()
    {
        var path = Path.Combine(_dir.Path, "a");
        using (var stream = _fs.CreateNew(path))
        {
            stream.Write([1, 2, 3]);
            _fs.Sync(stream);
        }

        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
    }

    [Fact]
    public void Sync_StreamNotFromCreateNew_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => _fs.Sync(new MemoryStream()));

    [Fact]
    public void SyncDirectory_ExistingDirectory_Succeeds()
    {
        var error = Record.Exception(() => _fs.SyncDirectory(_dir.Path));

        Assert.Null(error);
    }

    [Fact]
    public void SyncDirectory_MissingDirectory_ThrowsIOExceptionWithErrno()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Directory fsync is a no-op off Linux.");

        var error = Assert.Throws<IOException>(() => _fs.SyncDirectory(Path.Combine(_dir.Path, "missing")));

        Assert.Equal(2, error.HResult); // ENOENT
        Assert.Contains("errno 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SyncDirectory_RegularFile_ThrowsNotADirectory()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Directory fsync is a no-op off Linux.");
        var path = Path.Combine(_dir.Path, "file");
        File.WriteAllText(path, "x");

        var error = Assert.Throws<IOException>(() => _fs.SyncDirectory(path));

        Assert.Equal(20, error.HResult); // ENOTDIR: proves O_DIRECTORY reached open(2)
    }

    [Fact]
    public void Rename_ExistingDestination_ReplacesIt()
    {
        var source = Path.Combine(_dir.Path, "new");
        var destination = Path.Combine(_dir.Path, "old");
        File.WriteAllText(source, "new");
        File.WriteAllText(destination, "old");

        _fs.Rename(source, destination);

        Assert.Equal(("new", false), (File.ReadAllText(destination), File.Exists(source)));
    }

    [Fact]
    public void Delete_MissingFile_DoesNothing()
    {
        var error = Record.Exception(() => _fs.Delete(Path.Combine(_dir.Path, "missing")));

        Assert.Null(error);
    }

    [Fact]
    public void EnumerateFiles_MissingDirectory_ReturnsEmpty() =>
        Assert.Empty(_fs.EnumerateFiles(Path.Combine(_dir.Path, "missing")));

    [Fact]
    public void EnumerateFiles_Directory_ListsFilesNotSubdirectories()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "a"), "");
        Directory.CreateDirectory(Path.Combine(_dir.Path, "sub"));

        Assert.Equal([Path.Combine(_dir.Path, "a")], _fs.EnumerateFiles(_dir.Path));
    }
}
