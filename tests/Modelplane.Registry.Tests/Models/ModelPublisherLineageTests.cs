using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.FileSystem;
using Modelplane.Registry.Models;
using Modelplane.Registry.Storage.Sqlite;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Registry.Tests.Models;

// Params and lineage through the real publisher, SQLite and blob folder; only the ONNX inspector is a stand-in.
public sealed class ModelPublisherLineageTests : IAsyncLifetime
{
    private static readonly byte[] Model = RandomNumberGenerator.GetBytes(1000);
    private readonly TempDirectory _dir = new();
    private SqliteMetadataStore _metadata = null!;
    private ModelPublisher _publisher = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _metadata = new SqliteMetadataStore(_dir.Path, new FakeTimeProvider());
        await _metadata.MigrateAsync(Ct);
        _publisher = new ModelPublisher(
            new FileSystemArtifactStore(new PhysicalFileSystem(), _dir.Path),
            new StubModelInspector(),
            _metadata.Models,
            Options.Create(new RegistryOptions { DataDirectory = _dir.Path }));
    }

    public ValueTask DisposeAsync()
    {
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task PushAsync_Lineage_NormalizesDigestAndStoresParents()
    {
        await PushAsync(PushMetadata.Empty);
        var sha = new string('A', 64);

        var version = await PushAsync(PushMetadata.Empty with
        {
            Params = new Dictionary<string, string> { ["epochs"] = "10" },
            Lineage = new VersionLineage(" data.csv ", "sha256:" + sha, "repo", "c0ffee", "run-1", [1, 1], "ana"),
        });

        Assert.Equal(("data.csv", new string('a', 64), "10"), (version.Lineage.DatasetUri, version.Lineage.DatasetSha256, version.Params["epochs"]));
        Assert.Equal([1], version.Lineage.Parents);
    }

    [Fact]
    public async Task PushAsync_UnknownParent_RefusesBeforeStoringABlob()
    {
        var ex = await Assert.ThrowsAsync<RegistryValidationException>(
            () => PushAsync(PushMetadata.Empty with { Lineage = VersionLineage.Empty with { Parents = [3] } }));

        Assert.Contains("parent 3", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "blobs")) && Directory.EnumerateFiles(Path.Combine(_dir.Path, "blobs"), "*", SearchOption.AllDirectories).Any());
    }

    [Theory]
    [InlineData("xyz", "dataset_sha256")]
    [InlineData("", "Param key")]
    public async Task PushAsync_BadLineageOrParam_NamesTheField(string value, string field)
    {
        var metadata = field == "Param key"
            ? PushMetadata.Empty with { Params = new Dictionary<string, string> { [value] = "1" } }
            : PushMetadata.Empty with { Lineage = VersionLineage.Empty with { DatasetSha256 = value } };

        var ex = await Assert.ThrowsAsync<RegistryValidationException>(() => PushAsync(metadata));

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    private Task<ModelVersion> PushAsync(PushMetadata metadata) => _publisher.PushAsync("churn", new MemoryStream(Model), metadata, Ct);
}
