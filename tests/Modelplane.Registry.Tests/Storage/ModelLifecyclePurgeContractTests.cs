using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Lifecycle;
using Modelplane.Registry.Models.Search;
using Modelplane.Registry.Storage;
using static Modelplane.Registry.Tests.Storage.StoreTestData;

namespace Modelplane.Registry.Tests.Storage;

/// <summary>Model deletes, restores, purges and the deleted listing: the behaviour every backend must show.</summary>
public abstract class ModelLifecyclePurgeContractTests<TFixture> : ModelLifecycleStoreContractTests<TFixture>
    where TFixture : IMetadataStoreFixture, new()
{
    private static readonly DeleteOptions ByBo = new("bo", "retired");

    [Fact]
    public async Task DeleteModelAsync_Model_HidesEveryVersionAndListsThemDeleted()
    {
        await PushAsync("churn", "a", "b");
        await PushAsync("fraud", "x");

        var deleted = await Lifecycle.DeleteModelAsync("churn", ByBo, Ct);

        Assert.Equal("churn", deleted.Name);
        Assert.Equal([1, 2], deleted.Versions);
        Assert.Empty(await Store.Models.ListVersionsAsync("churn", Ct));
        Assert.Equal(["fraud"], (await Store.Models.ListModelsAsync(Ct)).Select(m => m.Name));
        var items = await Lifecycle.ListDeletedAsync(null, Ct);
        Assert.Equal(["churn"], items.Models.Select(m => m.Name));
        Assert.Equal([(1, true), (2, true)], items.Versions.Select(v => (v.Version.Version, v.WithModel)));
    }

    [Fact]
    public async Task DeleteModelAsync_Deleted_PushIsRefusedWithConflict()
    {
        await PushAsync("churn", "a");
        await Lifecycle.DeleteModelAsync("churn", ByBo, Ct);

        var error = await Assert.ThrowsAsync<ResourceConflictException>(() => Store.Models.CreateVersionAsync(NewVersion("churn", "b"), Ct));

        Assert.StartsWith("Model 'churn' is deleted; restore it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteModelAsync_EndpointServesAVersion_ThrowsConflictNamingIt()
    {
        await PushAsync("churn", "a", "b");
        await Store.Endpoints.CreateAsync("churn-prod", "churn", 1, Ct);

        var error = await Assert.ThrowsAsync<ResourceConflictException>(() => Lifecycle.DeleteModelAsync("churn", ByBo, Ct));

        Assert.StartsWith("Model 'churn' is in use: endpoint 'churn-prod' serves version 1.", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await Store.Models.ListVersionsAsync("churn", Ct)).Count);
    }

    [Fact]
    public async Task DeleteModelAsync_Unknown_ThrowsNotFound() =>
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Lifecycle.DeleteModelAsync("ghost", ByBo, Ct));

    [Fact]
    public async Task RestoreAsync_Model_RestoresOnlyVersionsItsDeleteTookAndItsAliases()
    {
        await PushAsync("churn", "a", "b", "c");
        await Store.Aliases.SetAsync("churn", "champion", 3, Ct);
        await Lifecycle.DeleteVersionAsync("churn", 1, new DeleteOptions(), Ct);
        await Lifecycle.DeleteModelAsync("churn", ByBo, Ct);

        var restored = await Lifecycle.RestoreAsync("churn", null, Ct);

        Assert.Equal([3, 2], restored.Select(v => v.Version));
        Assert.Equal([3, 2], (await Store.Models.ListVersionsAsync("churn", Ct)).Select(v => v.Version));
        Assert.Equal(3, (await Store.Aliases.ResolveAsync("churn", "champion", Ct))!.Version);
        Assert.Equal([1], (await Lifecycle.ListDeletedAsync("churn", Ct)).Versions.Select(v => v.Version.Version));
    }

    [Fact]
    public async Task RestoreAsync_Version_ServedAgain()
    {
        await PushAsync("churn", "a", "b");
        await Lifecycle.DeleteVersionAsync("churn", 2, ByBo, Ct);

        var restored = Assert.Single(await Lifecycle.RestoreAsync("churn", 2, Ct));

        Assert.Equal(DigestOf("b"), restored.Digest);
        Assert.Equal(2, (await Store.Models.GetLatestVersionAsync("churn", Ct))!.Version);
        Assert.Empty((await Lifecycle.ListDeletedAsync(null, Ct)).Versions);
    }

    [Fact]
    public async Task RestoreAsync_VersionOfDeletedModel_ThrowsConflict()
    {
        await PushAsync("churn", "a");
        await Lifecycle.DeleteModelAsync("churn", ByBo, Ct);

        var error = await Assert.ThrowsAsync<ResourceConflictException>(() => Lifecycle.RestoreAsync("churn", 1, Ct));

        Assert.StartsWith("Model 'churn' is deleted; restore the model first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestoreAsync_LiveVersion_ThrowsConflict()
    {
        await PushAsync("churn", "a");

        var error = await Assert.ThrowsAsync<ResourceConflictException>(() => Lifecycle.RestoreAsync("churn", 1, Ct));

        Assert.Equal("Model 'churn' version 1 is not deleted.", error.Message);
    }

    [Fact]
    public async Task PurgeAsync_DeletedVersion_RemovesItForGoodWithItsMetadata()
    {
        await PushAsync("churn", "a", "b");
        await Store.VersionMetadata.SetCardAsync("churn", 1, "# card", Ct);
        await Lifecycle.DeleteVersionAsync("churn", 1, ByBo, Ct);

        var purged = await Lifecycle.PurgeAsync("churn", 1, Ct);

        Assert.Equal([new PurgedVersion("churn", 1, DigestOf("a"))], purged.Versions);
        Assert.Empty(purged.Models);
        Assert.Empty((await Lifecycle.ListDeletedAsync(null, Ct)).Versions);
        Assert.Null(await Store.VersionMetadata.GetCardAsync("churn", 1, Ct));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Lifecycle.RestoreAsync("churn", 1, Ct));
        Assert.Empty(await Lifecycle.FindReferencedDigestsAsync([DigestOf("a")], Ct));
    }

    [Fact]
    public async Task PurgeAsync_LatestVersion_NumberIsNeverReused()
    {
        await PushAsync("churn", "a", "b");
        await Lifecycle.DeleteVersionAsync("churn", 2, ByBo, Ct);
        await Lifecycle.PurgeAsync("churn", 2, Ct);

        var next = await Store.Models.CreateVersionAsync(NewVersion("churn", "c"), Ct);

        Assert.Equal(3, next.Version);
    }

    [Fact]
    public async Task PurgeAsync_LiveVersion_ThrowsConflictAndKeepsIt()
    {
        await PushAsync("churn", "a");

        var error = await Assert.ThrowsAsync<ResourceConflictException>(() => Lifecycle.PurgeAsync("churn", 1, Ct));

        Assert.StartsWith("Model 'churn' version 1 is not deleted", error.Message, StringComparison.Ordinal);
        Assert.NotNull(await Store.Models.GetVersionAsync("churn", 1, Ct));
    }

    [Fact]
    public async Task PurgeAsync_DeletedModel_FreesTheName()
    {
        await PushAsync("churn", "a", "b");
        await Store.Aliases.SetAsync("churn", "champion", 2, Ct);
        await Lifecycle.DeleteModelAsync("churn", ByBo, Ct);

        var purged = await Lifecycle.PurgeAsync("churn", null, Ct);
        var pushed = await Store.Models.CreateVersionAsync(NewVersion("churn", "new"), Ct);

        Assert.Equal(["churn"], purged.Models);
        Assert.Equal([1, 2], purged.Versions.Select(v => v.Version));
        Assert.Equal(1, pushed.Version);
        Assert.Empty(await Store.Aliases.ListAsync("churn", Ct));
    }

    [Fact]
    public async Task PurgeAsync_Registry_RemovesOnlyDeletedItems()
    {
        await PushAsync("churn", "a", "b");
        await PushAsync("fraud", "x");
        await Lifecycle.DeleteVersionAsync("churn", 1, ByBo, Ct);
        await Lifecycle.DeleteModelAsync("fraud", ByBo, Ct);

        var purged = await Lifecycle.PurgeAsync(null, null, Ct);

        Assert.Equal([("churn", 1), ("fraud", 1)], purged.Versions.Select(v => (v.Model, v.Version)));
        Assert.Equal(["fraud"], purged.Models);
        Assert.Equal([2], (await Store.Models.ListVersionsAsync("churn", Ct)).Select(v => v.Version));
        var left = await Lifecycle.ListDeletedAsync(null, Ct);
        Assert.Equal((0, 0), (left.Models.Count, left.Versions.Count));
    }

    [Fact]
    public async Task PurgeAsync_ParentOfLiveChild_DropsTheLinkAndKeepsTheChild()
    {
        await PushAsync("churn", "a");
        await Store.Models.CreateVersionAsync(NewVersion("churn", "b") with { Lineage = VersionLineage.Empty with { Parents = [1] } }, Ct);
        await Lifecycle.DeleteVersionAsync("churn", 1, ByBo, Ct);

        await Lifecycle.PurgeAsync("churn", 1, Ct);

        Assert.Empty((await Store.Models.GetVersionAsync("churn", 2, Ct))!.Lineage.Parents);
    }

    [Fact]
    public async Task PurgeAsync_UnknownModel_ThrowsNotFound() =>
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Lifecycle.PurgeAsync("ghost", null, Ct));

    [Fact]
    public async Task FindReferencedDigestsAsync_DeletedNotPurged_StillReferenced()
    {
        await PushAsync("churn", "a", "b");
        await Lifecycle.DeleteVersionAsync("churn", 1, ByBo, Ct);

        var referenced = await Lifecycle.FindReferencedDigestsAsync([DigestOf("a"), DigestOf("b"), DigestOf("never")], Ct);

        Assert.Equal(new[] { DigestOf("a"), DigestOf("b") }.Order(StringComparer.Ordinal), referenced.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SearchVersionsAsync_DeletedVersionWithAlias_AliasFilterSkipsIt()
    {
        await PushAsync("churn", "a");
        await Store.Aliases.SetAsync("churn", "champion", 1, Ct);
        await Lifecycle.DeleteModelAsync("churn", ByBo, Ct);

        var page = await Store.Search.SearchVersionsAsync(new VersionSearch("alias = 'champion'"), Ct);

        Assert.Equal((0, 0L), (page.Items.Count, page.TotalCount ?? -1));
        Assert.Null(await Store.Aliases.ResolveAsync("churn", "champion", Ct));
    }
}
