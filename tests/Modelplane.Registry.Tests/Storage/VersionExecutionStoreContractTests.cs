using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Lifecycle;
using Modelplane.Registry.Storage;
using static Modelplane.Registry.Tests.Storage.StoreTestData;

namespace Modelplane.Registry.Tests.Storage;

/// <summary>The behaviour every <see cref="IVersionExecutionStore"/> backend must show.</summary>
public abstract class VersionExecutionStoreContractTests<TFixture> : MetadataStoreTestBase<TFixture>
    where TFixture : IMetadataStoreFixture, new()
{
    private static readonly VersionExecution Batched = new(3, 64, 2, 1, new VersionBatching(32, 2000, [8, 16]));

    [Fact]
    public async Task GetAsync_NothingStored_ReturnsNull()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);

        Assert.Null(await Store.VersionExecution.GetAsync("churn", 1, Ct));
    }

    [Fact]
    public async Task SetAsync_ThenReopen_ReadsEverySetting()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);

        await Store.VersionExecution.SetAsync("churn", 1, Batched, Ct);
        var read = await (await Fixture.ReopenAsync(Ct)).VersionExecution.GetAsync("churn", 1, Ct);

        Assert.Equal((3, 64, 2, 1), (read!.MaxConcurrency, read.MaxQueue, read.IntraOpThreads, read.InterOpThreads));
        Assert.Equal((32, 2000L, "8,16"), (read.Batching!.MaxBatchSize, read.Batching.MaxQueueDelayMicroseconds, string.Join(",", read.Batching.PreferredBatchSizes)));
    }

    [Fact]
    public async Task SetAsync_Again_ReplacesAllSettings()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);
        await Store.VersionExecution.SetAsync("churn", 1, Batched, Ct);

        await Store.VersionExecution.SetAsync("churn", 1, VersionExecution.Default with { MaxQueue = 5 }, Ct);

        Assert.Equal(VersionExecution.Default with { MaxQueue = 5 }, await Store.VersionExecution.GetAsync("churn", 1, Ct));
    }

    [Fact]
    public async Task SetAsync_MissingVersion_ThrowsNotFound()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);

        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Store.VersionExecution.SetAsync("churn", 2, Batched, Ct));
    }

    [Fact]
    public async Task SetAsync_DeletedVersion_ThrowsNotFound()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);
        await Store.Models.CreateVersionAsync(NewVersion("churn", "other"), Ct);
        await Store.Lifecycle.DeleteVersionAsync("churn", 1, new DeleteOptions(), Ct);

        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Store.VersionExecution.SetAsync("churn", 1, Batched, Ct));
    }

    [Fact]
    public async Task PurgeAsync_VersionWithSettings_RemovesThem()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);
        await Store.Models.CreateVersionAsync(NewVersion("churn", "other"), Ct);
        await Store.VersionExecution.SetAsync("churn", 1, Batched, Ct);
        await Store.Lifecycle.DeleteVersionAsync("churn", 1, new DeleteOptions(), Ct);

        var purged = await Store.Lifecycle.PurgeAsync("churn", 1, Ct);

        Assert.Single(purged.Versions);
        Assert.Null(await Store.VersionExecution.GetAsync("churn", 1, Ct));
    }
}
