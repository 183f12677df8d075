using System.Security.Cryptography;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.FileSystem;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Registry.Tests.Artifacts;

// Crash, EIO and ENOSPC behaviour of the artifact store over the in-memory FaultyFileSystem (RELIABILITY.md T01–T03).
public sealed class FileSystemArtifactStoreFaultTests
{
    private const string Data = "/srv/modelplane";
    private static readonly byte[] Content = RandomNumberGenerator.GetBytes(200_000);
    private static readonly string Digest = Convert.ToHexStringLower(SHA256.HashData(Content));
    private static readonly string BlobPath = $"{Data}/blobs/sha256/{Digest[..2]}/{Digest}";

    private readonly FaultyFileSystem _fs = new();
    private readonly FileSystemArtifactStore _store;

    public FileSystemArtifactStoreFaultTests() => _store = new FileSystemArtifactStore(_fs, Data);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Crash_AfterStageBeforeCommit_NoBlobVisible()
    {
        await using var staged = await _store.StageAsync(new MemoryStream(Content), long.MaxValue, Ct);

        _fs.Crash();

        Assert.False(_fs.FileExists(BlobPath));
        await Assert.ThrowsAsync<ArtifactNotFoundException>(() => _store.ReadVerifiedAsync(Digest, Ct));
    }

    [Fact]
    public async Task Crash_AfterCommit_BlobSurvivesWithSameBytes()
    {
        await PublishAsync();

        _fs.Crash();

        Assert.Equal(Content, await _store.ReadVerifiedAsync(Digest, Ct));
    }

    [Fact]
    public async Task StageAsync_EioOnFileFsync_ThrowsAndLeavesNoTempFile()
    {
        _fs.FailFsyncAt(_fs.FsyncCount + LayoutFsyncs() + 1);

        var error = await Assert.ThrowsAsync<IOException>(() => _store.StageAsync(new MemoryStream(Content), long.MaxValue, Ct));

        Assert.Equal(FileSystemErrors.EIO, error.HResult);
        Assert.Empty(_fs.AllFiles());
    }

    [Fact]
    public async Task CommitAsync_EioOnDirectoryFsync_ThrowsAndLeavesNoBlob()
    {
        await using var staged = await _store.StageAsync(new MemoryStream(Content), long.MaxValue, Ct);
        _fs.FailFsyncAt(2); // 1: the new fan-out directory's parent, 2: the fan-out directory after the rename

        await Assert.ThrowsAsync<IOException>(() => staged.CommitAsync(Ct));
        await staged.DisposeAsync();

        Assert.Empty(_fs.AllFiles());
    }

    [Fact]
    public async Task CommitAsync_RetryAfterEio_RewritesBlobFromScratchAndIsDurable()
    {
        await FailOnceThenRetryAsync(failAtFsync: 2);

        _fs.Crash();

        Assert.Equal(Content, await _store.ReadVerifiedAsync(Digest, Ct));
    }

    [Fact]
    public async Task StageAsync_DiskFull_ThrowsDiskFullAndLeavesNoTempFile()
    {
        _fs.FailWritesAfter(Content.Length / 2);

        var error = await Assert.ThrowsAsync<IOException>(() => _store.StageAsync(new MemoryStream(Content), long.MaxValue, Ct));

        Assert.True(FileSystemErrors.IsDiskFull(error));
        Assert.Empty(_fs.AllFiles());
    }

    [Fact]
    public async Task StageAsync_AfterSpaceFreed_Succeeds()
    {
        _fs.FailWritesAfter(10);
        await Assert.ThrowsAsync<IOException>(() => _store.StageAsync(new MemoryStream(Content), long.MaxValue, Ct));
        _fs.FreeSpace();

        await PublishAsync();

        Assert.Equal(Content, await _store.ReadVerifiedAsync(Digest, Ct));
    }

    [Fact]
    public async Task Publish_EioAtEveryFsync_NeverAcknowledgesAnUndurableBlob()
    {
        for (var nth = 1; nth <= 8; nth++)
        {
            var fs = new FaultyFileSystem();
            var store = new FileSystemArtifactStore(fs, Data);
            fs.FailFsyncAt(nth);

            var acknowledged = await TryPublishAsync(store);
            fs.Crash();

            Assert.True(!acknowledged || fs.FileExists(BlobPath), $"EIO at fsync {nth}: acknowledged blob lost.");
            Assert.True(!fs.FileExists(BlobPath) || fs.ReadAllBytes(BlobPath).SequenceEqual(Content), $"EIO at fsync {nth}: partial blob.");
        }
    }

    [Fact]
    public async Task Publish_PowerLossAtEveryOperation_LeavesNoAcknowledgedLossAndNoPartialBlob()
    {
        var operations = CountOperationsOfOnePublish();
        Assert.InRange(operations, 10, 200);
        for (var nth = 1; nth <= operations; nth++)
        {
            var fs = new FaultyFileSystem();
            fs.LosePowerAtOperation(nth);
            var acknowledged = await TryPublishAsync(new FileSystemArtifactStore(fs, Data));
            fs.PowerOn();

            Assert.False(acknowledged, $"Power was lost at operation {nth}, yet the publish reported success.");
            Assert.True(!fs.FileExists(BlobPath) || fs.ReadAllBytes(BlobPath).SequenceEqual(Content), $"Power loss at {nth}: partial blob.");
        }
    }

    private static int CountOperationsOfOnePublish()
    {
        var fs = new FaultyFileSystem();
        TryPublishAsync(new FileSystemArtifactStore(fs, Data)).GetAwaiter().GetResult();
        return fs.OperationCount;
    }

    private static async Task<bool> TryPublishAsync(FileSystemArtifactStore store)
    {
        try
        {
            await using var staged = await store.StageAsync(new MemoryStream(Content), long.MaxValue, Ct);
            await staged.CommitAsync(Ct);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    // Asserts along the way that the failed commit removed the blob and that the retry stages a new temp file.
    private async Task FailOnceThenRetryAsync(int failAtFsync)
    {
        string firstTemp;
        await using (var staged = await _store.StageAsync(new MemoryStream(Content), long.MaxValue, Ct))
        {
            firstTemp = _fs.AllFiles().Single();
            _fs.FailFsyncAt(failAtFsync);
            await Assert.ThrowsAsync<IOException>(() => staged.CommitAsync(Ct));
        }

        Assert.False(_fs.FileExists(BlobPath));
        await using (var retry = await _store.StageAsync(new MemoryStream(Content), long.MaxValue, Ct))
        {
            Assert.NotEqual(firstTemp, _fs.AllFiles().Single());
            await retry.CommitAsync(Ct);
        }
    }

    private async Task PublishAsync()
    {
        await using var staged = await _store.StageAsync(new MemoryStream(Content), long.MaxValue, Ct);
        await staged.CommitAsync(Ct);
    }

    // Directory fsyncs the first stage makes while creating blobs/sha256 and tmp durably under an empty root.
    private int LayoutFsyncs()
    {
        var probe = new FaultyFileSystem();
        TryPublishAsync(new FileSystemArtifactStore(probe, Data)).GetAwaiter().GetResult();
        return probe.FsyncCount - 3; // minus the file fsync, the fan-out parent and the fan-out directory
    }
}
