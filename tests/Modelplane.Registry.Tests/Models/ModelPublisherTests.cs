using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.FileSystem;
using Modelplane.Registry.Models;
using Modelplane.Registry.Onnx;
using Modelplane.Registry.Storage.Sqlite;
using Modelplane.Testing.FileSystem;
using Modelplane.Testing.Streams;

namespace Modelplane.Registry.Tests.Models;

// Real SQLite and real files in a temp directory; only the ONNX inspector is a stand-in.
public sealed class ModelPublisherTests : IAsyncLifetime
{
    private const long MaxUploadBytes = 64 * 1024;
    private static readonly byte[] Model = RandomNumberGenerator.GetBytes(10_000);

    private readonly TempDirectory _dir = new();
    private readonly StubModelInspector _inspector = new();
    private SqliteMetadataStore _metadata = null!;
    private ModelPublisher _publisher = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _metadata = new SqliteMetadataStore(_dir.Path, new FakeTimeProvider());
        await _metadata.MigrateAsync(Ct);
        _publisher = CreatePublisher(new PhysicalFileSystem());
    }

    public ValueTask DisposeAsync()
    {
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task PushAsync_ValidModel_ReturnsVersionWithDigestAndSize()
    {
        var version = await PushAsync(Model);

        Assert.Equal(("churn", 1, Convert.ToHexStringLower(SHA256.HashData(Model)), Model.Length, "onnx"),
            (version.Model, version.Version, version.Digest, version.SizeBytes, version.Format));
    }

    [Fact]
    public async Task PushAsync_ValidModel_StoresMetadataAndInspectedSignature()
    {
        var metadata = new PushMetadata(
            "first cut", new Dictionary<string, string> { ["team"] = "risk" }, new Dictionary<string, double> { ["auc"] = 0.91 }, null);

        await _publisher.PushAsync("churn", new MemoryStream(Model), metadata, Ct);

        var stored = (await _metadata.Models.GetVersionAsync("churn", 1, Ct))!;
        Assert.Equal(("first cut", "risk", 0.91), (stored.Description, stored.Tags["team"], stored.Metrics["auc"]));
        Assert.Equal([TensorSpec.DynamicDimension, Model.Length], stored.Signature.Inputs[0].Shape);
    }

    [Fact]
    public async Task PushAsync_CommittedBlob_ReadsBackVerified()
    {
        var version = await PushAsync(Model);

        var artifacts = new FileSystemArtifactStore(new PhysicalFileSystem(), _dir.Path);
        Assert.Equal(Model, await artifacts.ReadVerifiedAsync(version.Digest, Ct));
    }

    [Fact]
    public async Task PushAsync_TenParallelPushes_AssignDistinctVersions()
    {
        var pushes = Enumerable.Range(0, 10).Select(i => Task.Run(() => PushAsync(RandomNumberGenerator.GetBytes(1000 + i)), Ct));

        var versions = await Task.WhenAll(pushes);

        Assert.Equal(Enumerable.Range(1, 10), versions.Select(v => v.Version).Order());
        Assert.Equal(10, BlobFiles().Count);
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task PushAsync_StreamFailsMidway_LeavesNoVersionBlobOrTempFile()
    {
        await Assert.ThrowsAsync<IOException>(
            () => _publisher.PushAsync("churn", new ThrowingStream(Model, Model.Length / 2), PushMetadata.Empty, Ct));

        await AssertNothingPublishedAsync();
    }

    [Fact]
    public async Task PushAsync_InspectorRefuses_PropagatesAndLeavesNothing()
    {
        var error = await Assert.ThrowsAsync<InvalidModelException>(() => PushAsync(StubModelInspector.Refused));

        Assert.Equal("The artifact is not an ONNX model.", error.Message);
        await AssertNothingPublishedAsync();
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData(".hidden")]
    public async Task PushAsync_InvalidName_ThrowsValidationBeforeReadingUpload(string name)
    {
        var error = await Assert.ThrowsAsync<RegistryValidationException>(
            () => _publisher.PushAsync(name, new ThrowingStream(Model, 0), PushMetadata.Empty, Ct));

        Assert.Contains("not a valid model name", error.Message, StringComparison.Ordinal);
        Assert.Empty(BlobFiles());
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task PushAsync_DigestMismatch_ThrowsValidationAndLeavesNothing()
    {
        var wrong = Convert.ToHexStringLower(SHA256.HashData([1, 2, 3]));

        var error = await Assert.ThrowsAsync<RegistryValidationException>(
            () => _publisher.PushAsync("churn", new MemoryStream(Model), PushMetadata.Empty with { ExpectedSha256 = wrong }, Ct));

        Assert.Contains(wrong, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _inspector.Calls);
        await AssertNothingPublishedAsync();
    }

    [Fact]
    public async Task PushAsync_ExpectedDigestWithPrefixInUpperCase_Accepted()
    {
        var expected = "sha256:" + Convert.ToHexString(SHA256.HashData(Model));

        var version = await _publisher.PushAsync("churn", new MemoryStream(Model), PushMetadata.Empty with { ExpectedSha256 = expected }, Ct);

        Assert.Equal(expected["sha256:".Length..].ToLowerInvariant(), version.Digest);
    }

    [Fact]
    public async Task PushAsync_MalformedExpectedDigest_ThrowsValidation() =>
        await Assert.ThrowsAsync<RegistryValidationException>(
            () => _publisher.PushAsync("churn", new MemoryStream(Model), PushMetadata.Empty with { ExpectedSha256 = "../abc" }, Ct));

    [Fact]
    public async Task PushAsync_EmptyUpload_ThrowsValidationAndLeavesNothing()
    {
        var error = await Assert.ThrowsAsync<RegistryValidationException>(() => PushAsync([]));

        Assert.Equal("The upload is empty.", error.Message);
        await AssertNothingPublishedAsync();
    }

    [Fact]
    public async Task PushAsync_OverLimit_ThrowsTooLargeAndLeavesNothing()
    {
        var error = await Assert.ThrowsAsync<ArtifactTooLargeException>(() => PushAsync(new byte[MaxUploadBytes + 1]));

        Assert.Equal(MaxUploadBytes, error.LimitBytes);
        await AssertNothingPublishedAsync();
    }

    [Fact]
    public async Task PushAsync_NonFiniteMetric_ThrowsValidationNamingIt()
    {
        var metadata = PushMetadata.Empty with { Metrics = new Dictionary<string, double> { ["auc"] = double.NaN } };

        var error = await Assert.ThrowsAsync<RegistryValidationException>(
            () => _publisher.PushAsync("churn", new MemoryStream(Model), metadata, Ct));

        Assert.Equal("Metric 'auc' must be a finite number.", error.Message);
    }

    [Fact]
    public async Task PushAsync_EioOnFsync_FailsAndPublishesNothingThenRetrySucceeds()
    {
        var fs = new FaultyFileSystem();
        var publisher = CreatePublisher(fs);
        await PushAsync(RandomNumberGenerator.GetBytes(100), publisher); // lay out the directories first
        fs.FailFsyncAt(1);

        await Assert.ThrowsAsync<IOException>(() => PushAsync(Model, publisher));

        Assert.Null(await _metadata.Models.GetVersionAsync("churn", 2, Ct));
        var retried = await PushAsync(Model, publisher);
        fs.Crash();
        Assert.Equal(2, retried.Version);
        Assert.Equal(Model, fs.ReadAllBytes($"{_dir.Path}/blobs/sha256/{retried.Digest[..2]}/{retried.Digest}"));
    }

    [Fact]
    public async Task PushAsync_DiskFull_FailsAsDiskFullAndPublishesNothing()
    {
        var fs = new FaultyFileSystem();
        var publisher = CreatePublisher(fs);
        fs.FailWritesAfter(Model.Length / 3);

        var error = await Assert.ThrowsAsync<IOException>(() => PushAsync(Model, publisher));

        Assert.True(FileSystemErrors.IsDiskFull(error));
        Assert.Empty(fs.AllFiles());
        Assert.Empty(await _metadata.Models.ListModelsAsync(Ct));
    }

    private ModelPublisher CreatePublisher(IFileSystem fs) => new(
        new FileSystemArtifactStore(fs, _dir.Path),
        _inspector,
        _metadata.Models,
        Options.Create(new RegistryOptions { DataDirectory = _dir.Path, MaxUploadBytes = MaxUploadBytes }));

    private Task<ModelVersion> PushAsync(byte[] content, ModelPublisher? publisher = null) =>
        (publisher ?? _publisher).PushAsync("churn", new MemoryStream(content), PushMetadata.Empty, Ct);

    private async Task AssertNothingPublishedAsync()
    {
        Assert.Empty(await _metadata.Models.ListVersionsAsync("churn", Ct));
        Assert.Empty(BlobFiles());
        Assert.Empty(TempFiles());
    }

    private List<string> BlobFiles() => Files("blobs");

    private List<string> TempFiles() => Files("tmp");

    private List<string> Files(string folder)
    {
        var path = Path.Combine(_dir.Path, folder);
        return Directory.Exists(path) ? [.. Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)] : [];
    }
}
