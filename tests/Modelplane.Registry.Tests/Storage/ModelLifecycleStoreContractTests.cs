using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Lifecycle;
using Modelplane.Registry.Models.Search;
using Modelplane.Registry.Storage;
using static Modelplane.Registry.Tests.Storage.StoreTestData;

namespace Modelplane.Registry.Tests.Storage;

/// <summary>Soft deletion and restore: the behaviour every <see cref="IModelLifecycleStore"/> backend must show.</summary>
public abstract class ModelLifecycleStoreContractTests<TFixture> : MetadataStoreTestBase<TFixture>
    where TFixture : IMetadataStoreFixture, new()
{
    private static readonly DeleteOptions ByAna = new("ana", "leaks test data");

    protected IModelLifecycleStore Lifecycle => Store.Lifecycle;

    [Fact]
    public async Task DeleteVersionAsync_LiveVersion_RecordsWhoWhenWhy()
    {
        await PushAsync("churn", "a", "b");
        var now = Fixture.Time.GetUtcNow();

        var deleted = await Lifecycle.DeleteVersionAsync("churn", 2, ByAna, Ct);

        Assert.Equal((2, DigestOf("b")), (deleted.Version.Version, deleted.Version.Digest));
        Assert.Equal(new DeletionInfo(now, "ana", "leaks test data"), deleted.Deletion);
        Assert.False(deleted.WithModel);
    }

    [Fact]
    public async Task DeleteVersionAsync_LatestVersion_HiddenFromGetLatestAndResolve()
    {
        await PushAsync("churn", "a", "b");

        await Lifecycle.DeleteVersionAsync("churn", 2, ByAna, Ct);

        Assert.Null(await Store.Models.GetVersionAsync("churn", 2, Ct));
        Assert.Null(await Store.Aliases.ResolveAsync("churn", "2", Ct));
        Assert.Equal(1, (await Store.Models.GetLatestVersionAsync("churn", Ct))!.Version);
    }

    [Fact]
    public async Task DeleteVersionAsync_Version_HiddenFromListsAndSearch()
    {
        await PushAsync("churn", "a", "b", "c");

        await Lifecycle.DeleteVersionAsync("churn", 2, ByAna, Ct);

        Assert.Equal([3, 1], (await Store.Models.ListVersionsAsync("churn", Ct)).Select(v => v.Version));
        var summary = Assert.Single(await Store.Models.ListModelsAsync(Ct));
        Assert.Equal((3, 2), (summary.LatestVersion, summary.VersionCount));
        var page = await Store.Search.SearchVersionsAsync(new VersionSearch("tags.team = 'risk'"), Ct);
        Assert.Equal([3, 1], page.Items.Select(v => v.Version));
        Assert.Equal(2, page.TotalCount);
    }

    [Fact]
    public async Task DeleteVersionAsync_EveryVersion_ModelLeavesModelList()
    {
        await PushAsync("churn", "a");
        await PushAsync("fraud", "x");

        await Lifecycle.DeleteVersionAsync("churn", 1, ByAna, Ct);

        Assert.Equal(["fraud"], (await Store.Models.ListModelsAsync(Ct)).Select(m => m.Name));
        Assert.Null(await Store.Models.GetLatestVersionAsync("churn", Ct));
    }

    [Fact]
    public async Task DeleteVersionAsync_UnknownVersion_ThrowsNotFound()
    {
        await PushAsync("churn", "a");

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => Lifecycle.DeleteVersionAsync("churn", 5, ByAna, Ct));

        Assert.Equal("Model 'churn' has no version 5.", error.Message);
    }

    [Fact]
    public async Task DeleteVersionAsync_AlreadyDeleted_ThrowsConflict()
    {
        await PushAsync("churn", "a");
        await Lifecycle.DeleteVersionAsync("churn", 1, ByAna, Ct);

        var error = await Assert.ThrowsAsync<ResourceConflictException>(() => Lifecycle.DeleteVersionAsync("churn", 1, ByAna, Ct));

        Assert.Equal("Model 'churn' version 1 is already deleted.", error.Message);
    }

    [Fact]
    public async Task DeleteVersionAsync_ServedByEndpoints_ThrowsConflictNamingThemAndKeepsVersion()
    {
        await PushAsync("churn", "a");
        await Store.Endpoints.CreateAsync("churn-prod", "churn", 1, Ct);
        await Store.Endpoints.CreateAsync("churn-eu", "churn", 1, Ct);

        var error = await Assert.ThrowsAsync<ResourceConflictException>(() => Lifecycle.DeleteVersionAsync("churn", 1, ByAna, Ct));

        Assert.Equal(
            "Model 'churn' version 1 is in use: endpoint 'churn-eu' serves version 1, endpoint 'churn-prod' serves version 1. " +
            "Point them at another version (or delete them) first.",
            error.Message);
        Assert.NotNull(await Store.Models.GetVersionAsync("churn", 1, Ct));
    }

    [Fact]
    public async Task DeleteVersionAsync_AliasPointsAtIt_ThrowsConflictNamingAlias()
    {
        await PushAsync("churn", "a");
        await Store.Aliases.SetAsync("churn", "champion", 1, Ct);

        var error = await Assert.ThrowsAsync<ResourceConflictException>(() => Lifecycle.DeleteVersionAsync("churn", 1, ByAna, Ct));

        Assert.StartsWith("Model 'churn' version 1 is named by alias 'champion'; move or delete it first", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await Store.Aliases.ResolveAsync("churn", "champion", Ct))!.Version);
    }

    [Fact]
    public async Task DeleteVersionAsync_RemoveAliases_DeletesVersionAndItsAliasesOnly()
    {
        await PushAsync("churn", "a", "b");
        await Store.Aliases.SetAsync("churn", "champion", 1, Ct);
        await Store.Aliases.SetAsync("churn", "challenger", 2, Ct);

        await Lifecycle.DeleteVersionAsync("churn", 1, ByAna with { RemoveAliases = true }, Ct);

        Assert.Equal(["challenger"], (await Store.Aliases.ListAsync("churn", Ct)).Select(a => a.Alias));
        await Lifecycle.RestoreAsync("churn", 1, Ct);
        Assert.Null(await Store.Aliases.ResolveAsync("churn", "champion", Ct));
    }

    [Fact]
    public async Task DeleteVersionAsync_ReasonTooLong_ThrowsValidation()
    {
        await PushAsync("churn", "a");

        await Assert.ThrowsAsync<RegistryValidationException>(
            () => Lifecycle.DeleteVersionAsync("churn", 1, new DeleteOptions("ana", new string('x', DeleteOptions.MaxReasonLength + 1)), Ct));
    }

    [Fact]
    public async Task DeleteVersionAsync_RacingEndpointCreates_ExactlyOneOfEachPairWins()
    {
        for (var round = 1; round <= 20; round++)
        {
            await Store.Models.CreateVersionAsync(NewVersion("race", $"r{round}"), Ct);
            var create = Task.Run(() => Store.Endpoints.CreateAsync($"race-{round}", "race", round, Ct), Ct);
            var delete = Task.Run(() => Lifecycle.DeleteVersionAsync("race", round, ByAna, Ct), Ct);

            var created = await Succeeded(create);
            var deleted = await Succeeded(delete);

            Assert.True(created != deleted, $"Round {round}: endpoint created {created}, version deleted {deleted}.");
            Assert.Equal(created, await Store.Endpoints.GetAsync($"race-{round}", Ct) is not null);
            Assert.Equal(created, await Store.Models.GetVersionAsync("race", round, Ct) is not null);
        }
    }

    [Fact]
    public async Task EndpointCreateAsync_DeletedVersion_ThrowsNotFound()
    {
        await PushAsync("churn", "a", "b");
        await Store.Endpoints.CreateAsync("churn-prod", "churn", 2, Ct);
        await Lifecycle.DeleteVersionAsync("churn", 1, ByAna, Ct);

        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Store.Endpoints.CreateAsync("churn-new", "churn", 1, Ct));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Store.Endpoints.SetTargetAsync("churn-prod", "churn", 1, Ct));
        Assert.Equal(2, (await Store.Endpoints.GetAsync("churn-prod", Ct))!.Version);
    }

    [Fact]
    public async Task MetadataWrites_DeletedVersion_ThrowNotFound()
    {
        await PushAsync("churn", "a", "b");
        await Lifecycle.DeleteVersionAsync("churn", 1, ByAna, Ct);

        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Store.Aliases.SetAsync("churn", "champion", 1, Ct));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Store.VersionMetadata.SetTagAsync("churn", 1, "k", "v", Ct));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Store.VersionMetadata.SetCardAsync("churn", 1, "# card", Ct));
        await Assert.ThrowsAsync<ResourceNotFoundException>(
            () => Store.Models.CreateVersionAsync(NewVersion("churn", "c") with { Lineage = VersionLineage.Empty with { Parents = [1] } }, Ct));
    }

    protected async Task PushAsync(string model, params string[] contents)
    {
        foreach (var content in contents)
        {
            await Store.Models.CreateVersionAsync(NewVersion(model, content), Ct);
        }
    }

    private static async Task<bool> Succeeded(Task task)
    {
        try
        {
            await task;
            return true;
        }
        catch (Exception e) when (e is ResourceConflictException or ResourceNotFoundException)
        {
            return false;
        }
    }
}
