using Modelplane.Registry.FileSystem;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Registry.Tests.FileSystem;

public sealed class FaultyFileSystemTests
{
    private const string Dir = "/data";
    private const string FilePath = "/data/file";
    private readonly FaultyFileSystem _fs = new();

    public FaultyFileSystemTests()
    {
        _fs.CreateDirectory(Dir);
        _fs.SyncDirectory("/");
    }

    [Fact]
    public void Crash_WriteNeverSynced_FileComesBackEmpty()
    {
        Write(FilePath, [1, 2], sync: false);
        _fs.SyncDirectory(Dir);

        _fs.Crash();

        Assert.Equal([], _fs.ReadAllBytes(FilePath));
    }

    [Fact]
    public void Crash_FileSyncedButNotDirectory_FileVanishes()
    {
        Write(FilePath, [1, 2], sync: true);

        _fs.Crash();

        Assert.False(_fs.FileExists(FilePath));
    }

    [Fact]
    public void Crash_FileAndDirectorySynced_FileSurvives()
    {
        Write(FilePath, [1, 2], sync: true);
        _fs.SyncDirectory(Dir);

        _fs.Crash();

        Assert.Equal([1, 2], _fs.ReadAllBytes(FilePath));
    }

    [Fact]
    public void Crash_WritesAfterLastSync_RevertToSyncedBytes()
    {
        using (var stream = _fs.CreateNew(FilePath))
        {
            stream.Write([1, 2]);
            _fs.Sync(stream);
            stream.Write([3, 4]);
        }

        _fs.SyncDirectory(Dir);

        _fs.Crash();

        Assert.Equal([1, 2], _fs.ReadAllBytes(FilePath));
    }

    [Fact]
    public void Crash_RenameWithoutDirectorySync_IsUndone()
    {
        Write(FilePath, [1], sync: true);
        _fs.SyncDirectory(Dir);
        _fs.Rename(FilePath, "/data/renamed");

        _fs.Crash();

        Assert.Equal((true, false), (_fs.FileExists(FilePath), _fs.FileExists("/data/renamed")));
    }

    [Fact]
    public void Crash_DirectoryNeverMadeDurable_TakesItsFilesAlong()
    {
        _fs.CreateDirectory("/data/sub");
        Write("/data/sub/file", [1], sync: true);
        _fs.SyncDirectory("/data/sub");

        _fs.Crash();

        Assert.Equal((false, false), (_fs.DirectoryExists("/data/sub"), _fs.FileExists("/data/sub/file")));
    }

    [Fact]
    public void Crash_OpenWriteStream_FailsAfterwards()
    {
        using var stream = _fs.CreateNew(FilePath);

        _fs.Crash();

        Assert.Throws<IOException>(() => stream.Write([1]));
    }

    [Fact]
    public void FailFsyncAt_Second_FailsOnlyTheSecondFsync()
    {
        _fs.FailFsyncAt(2);
        using var stream = _fs.CreateNew(FilePath);

        _fs.Sync(stream);
        var error = Assert.Throws<IOException>(() => _fs.SyncDirectory(Dir));
        _fs.SyncDirectory(Dir);

        Assert.Equal(FileSystemErrors.EIO, error.HResult);
    }

    [Fact]
    public void Sync_AfterFailedFsync_ReportsSuccessButBytesAreLost()
    {
        _fs.FailFsyncAt(1);
        using (var stream = _fs.CreateNew(FilePath))
        {
            stream.Write([1, 2]);
            Assert.Throws<IOException>(() => _fs.Sync(stream));
            _fs.Sync(stream);
        }

        _fs.SyncDirectory(Dir);

        _fs.Crash();

        Assert.Equal([], _fs.ReadAllBytes(FilePath));
    }

    [Fact]
    public void FailWritesAfter_BudgetExceeded_ThrowsDiskFullAndWritesNothingMore()
    {
        _fs.FailWritesAfter(3);
        using var stream = _fs.CreateNew(FilePath);
        stream.Write([1, 2]);

        var error = Assert.Throws<IOException>(() => stream.Write([3, 4]));

        Assert.True(FileSystemErrors.IsDiskFull(error));
        Assert.Equal([1, 2], _fs.ReadAllBytes(FilePath));
    }

    [Fact]
    public void FreeSpace_AfterDiskFull_WritesSucceedAgain()
    {
        _fs.FailWritesAfter(0);
        using var stream = _fs.CreateNew(FilePath);
        Assert.Throws<IOException>(() => stream.Write([1]));

        _fs.FreeSpace();
        stream.Write([1]);

        Assert.Equal([1], _fs.ReadAllBytes(FilePath));
    }

    [Fact]
    public async Task Stall_Sync_BlocksUntilResume()
    {
        var stream = _fs.CreateNew(FilePath);
        _fs.Stall();

        var sync = Task.Run(() => _fs.Sync(stream), TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        var completedWhileStalled = sync.IsCompleted;
        _fs.Resume();
        await sync;

        Assert.False(completedWhileStalled);
    }

    [Fact]
    public void LosePowerAtOperation_Reached_CrashesAndRefusesCallsUntilPowerOn()
    {
        Write(FilePath, [1], sync: true);
        _fs.SyncDirectory(Dir);
        _fs.LosePowerAtOperation(2);

        _fs.Delete(FilePath);
        Assert.Throws<IOException>(() => _fs.SyncDirectory(Dir));
        Assert.Throws<IOException>(() => _fs.OpenRead(FilePath));
        _fs.PowerOn();

        Assert.Equal([1], _fs.ReadAllBytes(FilePath));
    }

    [Fact]
    public void DeleteDirectory_ParentNotSynced_DirectoryComesBackAfterCrash()
    {
        _fs.CreateDirectory("/data/sub");
        _fs.SyncDirectory(Dir);
        Write("/data/sub/f", [1], sync: true);
        _fs.SyncDirectory("/data/sub");

        _fs.DeleteDirectory("/data/sub");
        Assert.False(_fs.DirectoryExists("/data/sub"));
        _fs.Crash();

        Assert.Equal([1], _fs.ReadAllBytes("/data/sub/f"));
    }

    [Fact]
    public void DeleteDirectory_ParentSynced_EverythingBelowStaysGone()
    {
        _fs.CreateDirectory("/data/sub/deeper");
        _fs.SyncDirectory(Dir);
        _fs.SyncDirectory("/data/sub");
        Write("/data/sub/deeper/f", [1], sync: true);
        _fs.SyncDirectory("/data/sub/deeper");

        _fs.DeleteDirectory("/data/sub");
        _fs.SyncDirectory(Dir);
        _fs.Crash();

        Assert.Empty(_fs.AllFiles());
        Assert.Empty(_fs.EnumerateDirectories(Dir));
    }

    [Fact]
    public void EnumerateDirectoriesAndGetFileLength_ListChildDirectoriesAndVisibleSize()
    {
        _fs.CreateDirectory("/data/b/inner");
        _fs.CreateDirectory("/data/a");
        Write(FilePath, [1, 2, 3], sync: false);

        Assert.Equal(["/data/a", "/data/b"], _fs.EnumerateDirectories(Dir));
        Assert.Equal(3, _fs.GetFileLength(FilePath));
    }

    private void Write(string path, byte[] bytes, bool sync)
    {
        using var stream = _fs.CreateNew(path);
        stream.Write(bytes);
        if (sync)
        {
            _fs.Sync(stream);
        }
    }
}
