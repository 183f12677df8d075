using System.Security.Cryptography;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.FileSystem;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Registry.Tests.Artifacts;

public sealed class FileSystemArtifactStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FileSystemArtifactStore _store;

    public FileSystemArtifactStoreTests() => _store = new FileSystemArtifactStore(new PhysicalFileSystem(), _dir.Path);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string TmpDir => Path.Combine(_dir.Path, "tmp");

    private string BlobsDir => Path.Combine(_dir.Path, "blobs");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task StageAndCommit_RandomBytes_ReadBackWithSha256Digest()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_000);

        var digest = await PublishAsync(bytes);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), digest);
        Assert.Equal(bytes, await _store.ReadVerifiedAsync(digest, Ct));
    }

    [Fact]
    public async Task CommitAsync_Blob_StoredUnderFanOutPath()
    {
        var digest = await PublishAsync([1, 2, 3]);

        var expected = Path.Combine(BlobsDir, "sha256", digest[..2], digest);
        Assert.Equal([expected], Directory.EnumerateFiles(BlobsDir, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task StageAsync_Content_SizeAndStagedBytesMatch()
    {
        byte[] bytes = [9, 8, 7, 6];
        await using var staged = await _store.StageAsync(new MemoryStream(bytes), 100, Ct);

        using var read = new MemoryStream();
        await using (var stream = staged.OpenRead())
        {
            await stream.CopyToAsync(read, Ct);
        }

        Assert.Equal(4, staged.SizeBytes);
        Assert.Equal(bytes, read.ToArray());
    }

    [Fact]
    public async Task StageAsync_TempFile_HasRandomPartialNameUnderTmp()
    {
        await using var staged = await _store.StageAsync(new MemoryStream([1]), 100, Ct);

        var name = Path.GetFileName(Assert.Single(Directory.GetFiles(TmpDir)));
        Assert.Matches("^[0-9a-f]{32}\\.partial$", name);
    }

    [Fact]
    public async Task StageAsync_OverLimit_ThrowsAndLeavesNoTempOrBlob()
    {
        var error = await Assert.ThrowsAsync<ArtifactTooLargeException>(
            () => _store.StageAsync(new MemoryStream(new byte[1001]), 1000, Ct));

        Assert.Equal(1000, error.LimitBytes);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task StageAsync_ExactlyAtLimit_Accepted()
    {
        await using var staged = await _store.StageAsync(new MemoryStream(new byte[1000]), 1000, Ct);

        Assert.Equal(1000, staged.SizeBytes);
    }

    [Fact]
    public async Task CommitAsync_SameContentTwice_KeepsOneBlobAndNoTemp()
    {
        var first = await PublishAsync([5, 5, 5]);
        var second = await PublishAsync([5, 5, 5]);

        Assert.Equal(first, second);
        Assert.Single(Directory.GetFiles(BlobsDir, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(TmpDir));
    }

    [Fact]
    public async Task DisposeAsync_Uncommitted_DeletesTempFile()
    {
        var staged = await _store.StageAsync(new MemoryStream([1, 2]), 100, Ct);

        await staged.DisposeAsync();

        Assert.Empty(Directory.GetFiles(_dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ReadVerifiedAsync_TamperedBlob_ThrowsIntegrityException()
    {
        var bytes = RandomNumberGenerator.GetBytes(1024);
        var digest = await PublishAsync(bytes);
        var path = Path.Combine(BlobsDir, "sha256", digest[..2], digest);
        bytes[512] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes, Ct);

        var error = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => _store.ReadVerifiedAsync(digest, Ct));

        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(bytes)), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadVerifiedAsync_UnknownDigest_ThrowsNotFound() =>
        await Assert.ThrowsAsync<ArtifactNotFoundException>(
            () => _store.ReadVerifiedAsync(Convert.ToHexStringLower(SHA256.HashData([42])), Ct));

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")]
    [InlineData("../123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("")]
    public async Task ReadVerifiedAsync_MalformedDigest_ThrowsArgumentException(string digest) =>
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ReadVerifiedAsync(digest, Ct));

    [Fact]
    public async Task CleanupStaleUploads_LeftoverTempFiles_DeletesThemAndCounts()
    {
        await using (await _store.StageAsync(new MemoryStream([1]), 100, Ct))
        {
        }

        Directory.CreateDirectory(TmpDir);
        await File.WriteAllTextAsync(Path.Combine(TmpDir, "a.partial"), "x", Ct);
        await File.WriteAllTextAsync(Path.Combine(TmpDir, "b.partial"), "y", Ct);

        var deleted = _store.CleanupStaleUploads();

        Assert.Equal(2, deleted);
        Assert.Empty(Directory.GetFiles(TmpDir));
    }

    private async Task<string> PublishAsync(byte[] bytes)
    {
        await using var staged = await _store.StageAsync(new MemoryStream(bytes), long.MaxValue, Ct);
        await staged.CommitAsync(Ct);
        return staged.Digest;
    }
}
