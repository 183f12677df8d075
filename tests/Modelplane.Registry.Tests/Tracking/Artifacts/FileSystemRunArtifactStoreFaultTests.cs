using System.Security.Cryptography;
using Modelplane.Registry.FileSystem;
using Modelplane.Registry.Tracking.Artifacts;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Registry.Tests.Tracking.Artifacts;

// Crash, EIO and ENOSPC behaviour of run-artifact writes and deletes over the in-memory FaultyFileSystem.
public sealed class FileSystemRunArtifactStoreFaultTests
{
    private const string Data = "/srv/modelplane";
    private const string ArtifactPath = "1/run/artifacts/model/model.onnx";
    private const string FilePath = Data + "/mlflow-artifacts/" + ArtifactPath;
    private static readonly byte[] Old = RandomNumberGenerator.GetBytes(50_000);
    private static readonly byte[] New = RandomNumberGenerator.GetBytes(200_000);

    private readonly FaultyFileSystem _fs = new();
    private readonly FileSystemRunArtifactStore _store;

    public FileSystemRunArtifactStoreFaultTests() => _store = Store(_fs);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Crash_AfterAcknowledgedWrite_FileSurvivesWithSameBytes()
    {
        await _store.WriteAsync(ArtifactPath, new MemoryStream(New), Ct);

        _fs.Crash();

        Assert.Equal(New, _fs.ReadAllBytes(FilePath));
    }

    [Fact]
    public async Task Crash_AfterAcknowledgedOverwrite_NewBytesSurvive()
    {
        await _store.WriteAsync(ArtifactPath, new MemoryStream(Old), Ct);
        await _store.WriteAsync(ArtifactPath, new MemoryStream(New), Ct);

        _fs.Crash();

        Assert.Equal(New, _fs.ReadAllBytes(FilePath));
    }

    [Fact]
    public async Task Write_PowerLossAtEveryOperation_NeverAcknowledgedAndNoFileVisible()
    {
        var operations = CountOperationsOfOneWrite();
        Assert.InRange(operations, 8, 200);
        for (var nth = 1; nth <= operations; nth++)
        {
            var fs = new FaultyFileSystem();
            fs.LosePowerAtOperation(nth);

            var acknowledged = await TryWriteAsync(Store(fs), New);
            fs.PowerOn();

            Assert.False(acknowledged, $"Power was lost at operation {nth}, yet the write reported success.");
            Assert.DoesNotContain(fs.AllFiles(), f => f.StartsWith(Data + "/mlflow-artifacts/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Overwrite_PowerLossAtEveryOperation_LeavesOldOrCompleteNewBytes()
    {
        for (var nth = 1; nth <= CountOperationsOfOneWrite(); nth++)
        {
            var fs = new FaultyFileSystem();
            var store = Store(fs);
            await store.WriteAsync(ArtifactPath, new MemoryStream(Old), Ct);
            fs.LosePowerAtOperation(nth);

            await TryWriteAsync(store, New);
            fs.PowerOn();

            var bytes = fs.ReadAllBytes(FilePath);
            Assert.True(bytes.SequenceEqual(Old) || bytes.SequenceEqual(New), $"Power loss at {nth}: {bytes.Length} bytes, neither old nor new.");
        }
    }

    [Fact]
    public async Task Write_EioAtEveryFsync_NeverAcknowledgesAnUndurableFile()
    {
        for (var nth = 1; nth <= 8; nth++)
        {
            var fs = new FaultyFileSystem();
            fs.FailFsyncAt(nth);

            var acknowledged = await TryWriteAsync(Store(fs), New);
            fs.Crash();

            Assert.True(!acknowledged || fs.FileExists(FilePath), $"EIO at fsync {nth}: acknowledged file lost.");
            Assert.True(!fs.FileExists(FilePath) || fs.ReadAllBytes(FilePath).SequenceEqual(New), $"EIO at fsync {nth}: partial file.");
        }
    }

    [Fact]
    public async Task Write_DiskFull_ThrowsDiskFullAndLeavesNoFile()
    {
        _fs.FailWritesAfter(New.Length / 2);

        var error = await Assert.ThrowsAsync<IOException>(() => _store.WriteAsync(ArtifactPath, new MemoryStream(New), Ct));

        Assert.True(FileSystemErrors.IsDiskFull(error));
        Assert.Empty(_fs.AllFiles());
    }

    [Fact]
    public async Task Delete_ThenCrash_FileStaysDeleted()
    {
        await _store.WriteAsync(ArtifactPath, new MemoryStream(New), Ct);

        Assert.True(await _store.DeleteAsync(ArtifactPath, Ct));
        _fs.Crash();

        Assert.False(_fs.FileExists(FilePath));
    }

    [Fact]
    public async Task DeleteDirectory_ThenCrash_NothingBelowComesBack()
    {
        await _store.WriteAsync(ArtifactPath, new MemoryStream(New), Ct);
        await _store.WriteAsync("1/run/artifacts/model/MLmodel", new MemoryStream(Old), Ct);

        Assert.True(await _store.DeleteAsync("1/run/artifacts/model", Ct));
        _fs.Crash();

        Assert.Empty(_fs.AllFiles());
        Assert.Empty(await Store(_fs).ListAsync("1/run/artifacts", Ct));
    }

    private static FileSystemRunArtifactStore Store(FaultyFileSystem fs) => new(fs, Data, long.MaxValue);

    // Operations of a first write on an empty file system, including creating the directories; later writes need fewer.
    private static int CountOperationsOfOneWrite()
    {
        var fs = new FaultyFileSystem();
        Assert.True(TryWriteAsync(Store(fs), New).GetAwaiter().GetResult());
        return fs.OperationCount;
    }

    private static async Task<bool> TryWriteAsync(FileSystemRunArtifactStore store, byte[] content)
    {
        try
        {
            await store.WriteAsync(ArtifactPath, new MemoryStream(content), Ct);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
