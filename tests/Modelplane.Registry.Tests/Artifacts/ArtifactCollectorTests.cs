using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.FileSystem;
using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Lifecycle;
using Modelplane.Registry.Storage.Sqlite;
using Modelplane.Testing.FileSystem;
using static Modelplane.Registry.Tests.Storage.StoreTestData;

namespace Modelplane.Registry.Tests.Artifacts;

/// <summary>Blob garbage collection over real files and a real SQLite database.</summary>
public sealed class ArtifactCollectorTests : IAsyncLifetime
{
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);
    private static readonly byte[] Model = [7, 7, 7, 1, 2, 3];
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly PhysicalFileSystem _fs = new();
    private FileSystemArtifactStore _artifacts = null!;
    private SqliteMetadataStore _metadata = null!;
    private ArtifactCollector _collector = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _artifacts = new FileSystemArtifactStore(_fs, _dir.Path, _time);
        _metadata = new SqliteMetadataStore(_dir.Path, _time);
        await _metadata.MigrateAsync(Ct);
        _collector = new ArtifactCollector(_artifacts, _metadata, Options.Create(new ArtifactCollectionOptions { GracePeriod = Grace }));
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task CollectAsync_SharedBlob_KeptWhileOneVersionRemainsAndDeletedAfterLastPurge()
    {
        var churn = await PushAsync("churn", Model);
        await PushAsync("fraud", Model);
        _time.Advance(Grace * 2);

        var first = await _collector.CollectAsync((await DeleteAndPurgeAsync("churn")).Digests, Ct);

        Assert.Empty(first.DeletedDigests);
        Assert.Equal(Model, await _artifacts.ReadVerifiedAsync(churn.Digest, Ct));

        var last = await _collector.CollectAsync((await DeleteAndPurgeAsync("fraud")).Digests, Ct);

        Assert.Equal([churn.Digest], last.DeletedDigests);
        Assert.Equal(Model.Length, last.DeletedBytes);
        Assert.False(File.Exists(BlobPath(churn.Digest)));
        await Assert.ThrowsAsync<ArtifactNotFoundException>(() => _artifacts.ReadVerifiedAsync(churn.Digest, Ct));
    }

    [Fact]
    public async Task CollectAsync_DeletedButNotPurged_KeepsBlob()
    {
        var version = await PushAsync("churn", Model);
        await _metadata.Lifecycle.DeleteModelAsync("churn", new DeleteOptions(), Ct);
        _time.Advance(Grace * 2);

        var result = await _collector.CollectAllAsync(Ct);

        Assert.Empty(result.DeletedDigests);
        Assert.True(File.Exists(BlobPath(version.Digest)));
    }

    [Fact]
    public async Task CollectAsync_UnreferencedBlobCommittedWithinGrace_KeptUntilGracePasses()
    {
        var digest = await CommitBlobAsync(Model);
        _time.Advance(Grace - TimeSpan.FromSeconds(1));

        var early = await _collector.CollectAsync([digest], Ct);
        _time.Advance(TimeSpan.FromSeconds(1));
        var late = await _collector.CollectAsync([digest], Ct);

        Assert.Empty(early.DeletedDigests);
        Assert.Equal([digest], late.DeletedDigests);
    }

    // The race the grace period exists for: the collector has found the blob unreferenced, then a push of the same
    // bytes commits (finding the blob there) and writes its row, then the collector gets to the delete.
    [Fact]
    public async Task DeleteUnreferenced_PushOfSameBytesBetweenCheckAndDelete_KeepsBlobForNewVersion()
    {
        var old = await PushAsync("churn", Model);
        await DeleteAndPurgeAsync("churn");
        _time.Advance(Grace * 2);
        var candidates = await _collector.FindUnreferencedAsync([old.Digest], Ct);
        Assert.Equal([old.Digest], candidates);

        var pushed = await PushAsync("fraud", Model);
        var result = _collector.DeleteUnreferenced(candidates, sweptUploads: 0);

        Assert.Empty(result.DeletedDigests);
        Assert.Equal(old.Digest, pushed.Digest);
        Assert.Equal(Model, await _artifacts.ReadVerifiedAsync(pushed.Digest, Ct));
    }

    [Fact]
    public async Task DeleteUnreferenced_PushAfterTheDelete_WritesTheBlobAgain()
    {
        var old = await PushAsync("churn", Model);
        await DeleteAndPurgeAsync("churn");
        _time.Advance(Grace * 2);
        var result = _collector.DeleteUnreferenced(await _collector.FindUnreferencedAsync([old.Digest], Ct), sweptUploads: 0);
        Assert.Equal([old.Digest], result.DeletedDigests);

        var pushed = await PushAsync("fraud", Model);

        Assert.Equal(Model, await _artifacts.ReadVerifiedAsync(pushed.Digest, Ct));
    }

    [Fact]
    public async Task CollectAllAsync_AbandonedUploads_SweepsOnlyThoseOlderThanGrace()
    {
        var tmp = Path.Combine(_dir.Path, "tmp");
        Directory.CreateDirectory(tmp);
        var stale = Path.Combine(tmp, "aaaa.partial");
        var fresh = Path.Combine(tmp, "bbbb.partial");
        await File.WriteAllBytesAsync(stale, [1], Ct);
        await File.WriteAllBytesAsync(fresh, [2], Ct);
        _fs.SetLastWriteTime(stale, _time.GetUtcNow() - Grace - TimeSpan.FromMinutes(1));
        _fs.SetLastWriteTime(fresh, _time.GetUtcNow() - TimeSpan.FromMinutes(1));

        var result = await _collector.CollectAllAsync(Ct);

        Assert.Equal(1, result.SweptUploads);
        Assert.Equal([fresh], Directory.EnumerateFiles(tmp));
    }

    [Fact]
    public async Task CollectAllAsync_OrphanAndReferencedBlobs_DeletesOnlyTheOrphan()
    {
        var kept = await PushAsync("churn", Model);
        var orphan = await CommitBlobAsync([9, 9, 9]);
        _time.Advance(Grace * 2);

        var result = await _collector.CollectAllAsync(Ct);

        Assert.Equal([orphan], result.DeletedDigests);
        Assert.True(File.Exists(BlobPath(kept.Digest)));
    }

    private string BlobPath(string digest) => Path.Combine(_dir.Path, "blobs", "sha256", digest[..2], digest);

    private async Task<string> CommitBlobAsync(byte[] bytes)
    {
        await using var staged = await _artifacts.StageAsync(new MemoryStream(bytes), long.MaxValue, Ct);
        await staged.CommitAsync(Ct);
        return staged.Digest;
    }

    // What ModelPublisher does: commit the blob, then write the row.
    private async Task<ModelVersion> PushAsync(string model, byte[] bytes)
    {
        var digest = await CommitBlobAsync(bytes);
        return await _metadata.Models.CreateVersionAsync(NewVersion(model) with { Digest = digest, SizeBytes = bytes.Length }, Ct);
    }

    private async Task<PurgeResult> DeleteAndPurgeAsync(string model)
    {
        await _metadata.Lifecycle.DeleteModelAsync(model, new DeleteOptions(), Ct);
        return await _metadata.Lifecycle.PurgeAsync(model, null, Ct);
    }
}
