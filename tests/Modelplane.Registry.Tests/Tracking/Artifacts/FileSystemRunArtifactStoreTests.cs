using System.Security.Cryptography;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.FileSystem;
using Modelplane.Registry.Models;
using Modelplane.Registry.Tracking.Artifacts;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Registry.Tests.Tracking.Artifacts;

// Real files in a temp directory through PhysicalFileSystem.
public sealed class FileSystemRunArtifactStoreTests : IDisposable
{
    private const long Limit = 1 << 20;
    private readonly TempDirectory _dir = new();
    private readonly FileSystemRunArtifactStore _store;

    public FileSystemRunArtifactStoreTests() => _store = new FileSystemRunArtifactStore(new PhysicalFileSystem(), _dir.Path, Limit);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Root => Path.Combine(_dir.Path, "mlflow-artifacts");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WriteAsync_ThenOpenRead_ReturnsSameBytesAndSize()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_000);

        var size = await _store.WriteAsync("1/run/artifacts/model/model.onnx", new MemoryStream(bytes), Ct);

        Assert.Equal(bytes.Length, size);
        Assert.Equal(bytes, await ReadAsync("1/run/artifacts/model/model.onnx"));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(Root, "1", "run", "artifacts", "model", "model.onnx"), Ct));
    }

    [Fact]
    public async Task WriteAsync_ExistingFile_ReplacesContentAndLeavesNoTempFile()
    {
        await WriteAsync("a/f.txt", [1, 2, 3, 4]);

        await WriteAsync("a/f.txt", [9]);

        Assert.Equal([9], await ReadAsync("a/f.txt"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "tmp")));
    }

    [Fact]
    public async Task WriteAsync_OverLimit_ThrowsTooLargeAndWritesNothing()
    {
        var error = await Assert.ThrowsAsync<ArtifactTooLargeException>(
            () => _store.WriteAsync("big.bin", new MemoryStream(new byte[Limit + 1]), Ct));

        Assert.Equal(Limit, error.LimitBytes);
        Assert.Null(await _store.OpenReadAsync("big.bin", Ct));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task WriteAsync_ExactlyAtLimit_Succeeds()
    {
        Assert.Equal(Limit, await _store.WriteAsync("edge.bin", new MemoryStream(new byte[Limit]), Ct));
    }

    [Fact]
    public async Task WriteAsync_ParentIsAFile_ThrowsValidationNamingIt()
    {
        await WriteAsync("a/f.txt", [1]);

        var error = await Assert.ThrowsAsync<RegistryValidationException>(() => _store.WriteAsync("a/f.txt/inner", new MemoryStream([2]), Ct));

        Assert.Contains("'a/f.txt' is a file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_TargetIsADirectory_ThrowsValidation()
    {
        await WriteAsync("a/b/f.txt", [1]);

        var error = await Assert.ThrowsAsync<RegistryValidationException>(() => _store.WriteAsync("a/b", new MemoryStream([2]), Ct));

        Assert.Contains("is a directory", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData("/tmp/escape.txt")]
    [InlineData("..\\escape.txt")]
    [InlineData("")]
    public async Task WriteAsync_TraversalOrAbsolute_RejectedAndNothingWritten(string path)
    {
        await Assert.ThrowsAsync<RegistryValidationException>(() => _store.WriteAsync(path, new MemoryStream([1]), Ct));

        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_dir.Path)!, "escape.txt")));
    }

    [Fact]
    public async Task OpenReadAsync_Missing_ReturnsNull()
    {
        Assert.Null(await _store.OpenReadAsync("nothing/here", Ct));
    }

    [Fact]
    public async Task OpenReadAsync_Directory_ReturnsNull()
    {
        await WriteAsync("dir/f", [1]);

        Assert.Null(await _store.OpenReadAsync("dir", Ct));
    }

    [Fact]
    public async Task ListAsync_Directory_ReturnsDirectChildrenOrderedWithFullPathsAndSizes()
    {
        await WriteAsync("1/r/artifacts/model/MLmodel", new byte[10]);
        await WriteAsync("1/r/artifacts/model/model.onnx", new byte[25]);
        await WriteAsync("1/r/artifacts/metrics.json", new byte[3]);
        await WriteAsync("1/r/artifacts/model/extra/x", new byte[1]);

        var listed = await _store.ListAsync("1/r/artifacts/model", Ct);

        Assert.Equal(
            [
                new RunArtifact("1/r/artifacts/model/MLmodel", false, 10),
                new RunArtifact("1/r/artifacts/model/extra", true, null),
                new RunArtifact("1/r/artifacts/model/model.onnx", false, 25),
            ],
            listed);
    }

    [Fact]
    public async Task ListAsync_Root_ReturnsTopLevelEntries()
    {
        await WriteAsync("1/r/artifacts/f", [1]);
        await WriteAsync("top.txt", [1, 2]);

        Assert.Equal([new RunArtifact("1", true, null), new RunArtifact("top.txt", false, 2)], await _store.ListAsync("", Ct));
    }

    [Fact]
    public async Task ListAsync_MissingDirectoryOrFile_ReturnsEmpty()
    {
        await WriteAsync("a/f", [1]);

        Assert.Empty(await _store.ListAsync("nope", Ct));
        Assert.Empty(await _store.ListAsync("a/f", Ct));
    }

    [Fact]
    public async Task ListAsync_TraversalPath_Rejected()
    {
        await Assert.ThrowsAsync<RegistryValidationException>(() => _store.ListAsync("..", Ct));
    }

    [Fact]
    public async Task DeleteAsync_File_RemovesItAndReturnsTrue()
    {
        await WriteAsync("a/f", [1]);
        await WriteAsync("a/g", [2]);

        Assert.True(await _store.DeleteAsync("a/f", Ct));

        Assert.Equal([new RunArtifact("a/g", false, 1)], await _store.ListAsync("a", Ct));
    }

    [Fact]
    public async Task DeleteAsync_Directory_RemovesEverythingBelow()
    {
        await WriteAsync("1/r/artifacts/model/MLmodel", [1]);
        await WriteAsync("1/r/artifacts/model/sub/x", [2]);
        await WriteAsync("1/r/artifacts/keep", [3]);

        Assert.True(await _store.DeleteAsync("1/r/artifacts/model", Ct));

        Assert.Equal([new RunArtifact("1/r/artifacts/keep", false, 1)], await _store.ListAsync("1/r/artifacts", Ct));
        Assert.False(Directory.Exists(Path.Combine(Root, "1", "r", "artifacts", "model")));
    }

    [Fact]
    public async Task DeleteAsync_Missing_ReturnsFalse()
    {
        Assert.False(await _store.DeleteAsync("a/missing", Ct));
    }

    [Fact]
    public async Task DeleteAsync_EmptyPath_RejectedAndRootKept()
    {
        await WriteAsync("a/f", [1]);

        await Assert.ThrowsAsync<RegistryValidationException>(() => _store.DeleteAsync("", Ct));

        Assert.Equal([1], await ReadAsync("a/f"));
    }

    [Fact]
    public async Task DeleteAsync_SymlinkedDirectory_RemovesLinkNotTarget()
    {
        var outside = Path.Combine(_dir.Path, "outside");
        Directory.CreateDirectory(outside);
        await File.WriteAllBytesAsync(Path.Combine(outside, "precious"), [7], Ct);
        Directory.CreateDirectory(Root);
        Directory.CreateSymbolicLink(Path.Combine(Root, "link"), outside);

        Assert.True(await _store.DeleteAsync("link", Ct));

        Assert.Equal([7], await File.ReadAllBytesAsync(Path.Combine(outside, "precious"), Ct));
    }

    private Task<long> WriteAsync(string path, byte[] bytes) => _store.WriteAsync(path, new MemoryStream(bytes), Ct);

    private async Task<byte[]> ReadAsync(string path)
    {
        await using var stream = await _store.OpenReadAsync(path, Ct);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }
}
