using Modelplane.Registry.Models;
using Modelplane.Registry.Storage;
using Modelplane.Registry.Tracking.Search;
using static Modelplane.Registry.Tests.Storage.StoreTestData;

namespace Modelplane.Registry.Tests.Storage;

/// <summary>The behaviour every <see cref="IRegisteredModelStore"/> and <see cref="IVersionStageStore"/> backend must show.</summary>
public abstract class RegisteredModelStoreContractTests<TFixture> : MetadataStoreTestBase<TFixture>
    where TFixture : IMetadataStoreFixture, new()
{
    private IRegisteredModelStore Models => Store.RegisteredModels;

    [Fact]
    public async Task CreateAsync_ThenFirstPush_NumbersTheFirstVersionOne()
    {
        await Models.CreateAsync("churn", "desc", new Dictionary<string, string> { ["team"] = "risk" }, Ct);

        var version = await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);
        var model = await Models.GetAsync("churn", Ct);

        Assert.Equal(1, version.Version);
        Assert.Equal(("desc", "risk"), (model!.Description, model.Tags["team"]));
    }

    [Fact]
    public async Task CreateAsync_TakenName_ThrowsConflict()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);

        await Assert.ThrowsAsync<ResourceConflictException>(() => Models.CreateAsync("churn", null, new Dictionary<string, string>(), Ct));
    }

    [Fact]
    public async Task SearchAsync_TagFilterAndOrder_PagesThroughMatches()
    {
        foreach (var (name, team) in new[] { ("b", "risk"), ("a", "risk"), ("c", "ops"), ("d", "risk") })
        {
            await Models.CreateAsync(name, null, new Dictionary<string, string> { ["team"] = team }, Ct);
        }

        var first = await Models.SearchAsync(new RegisteredModelSearch("tags.team = 'risk'", ["name DESC"], 2, null), Ct);
        var second = await Models.SearchAsync(new RegisteredModelSearch("tags.team = 'risk'", ["name DESC"], 2, first.NextPageToken), Ct);

        Assert.Equal(["d", "b", "a"], [.. first.Items.Select(m => m.Name), .. second.Items.Select(m => m.Name)]);
        Assert.Null(second.NextPageToken);
    }

    [Fact]
    public async Task SearchAsync_UnknownAttribute_ThrowsNamingIt()
    {
        var error = await Assert.ThrowsAsync<SearchFilterException>(() => Models.SearchAsync(new RegisteredModelSearch("owner = 'x'", null, 10, null), Ct));

        Assert.Contains("owner", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenameAsync_MovesEveryRowKeyedByModel()
    {
        await SeedEverythingAsync("churn");

        await Models.RenameAsync("churn", "attrition", Ct);

        Assert.Null(await Models.GetAsync("churn", Ct));
        var renamed = (await Store.Models.GetVersionAsync("attrition", 2, Ct))!;
        Assert.Equal([1], renamed.Lineage.Parents);
        Assert.Equal(["champion"], renamed.Aliases);
        Assert.Equal(("prod", true, "0.1"), (renamed.Tags["stage"], renamed.HasCard, renamed.Params["lr"]));
        Assert.Equal("# card", await Store.VersionMetadata.GetCardAsync("attrition", 2, Ct));
        Assert.Equal("Production", (await Store.VersionStages.ListAsync("attrition", Ct)).Single(s => s.Version == 2).Stage);
        Assert.Equal("ana", (await Models.GetAsync("attrition", Ct))!.Tags["owner"]);
        Assert.Equal(2, (await Store.Search.SearchVersionsAsync(new(Filter: "metrics.auc > 0.5"), Ct)).Items.Count(v => v.Model == "attrition"));
    }

    [Fact]
    public async Task RenameAsync_ServedByEndpoint_ThrowsInUseNamingIt()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);
        await Store.Endpoints.CreateAsync("churn-api", "churn", 1, Ct);

        var error = await Assert.ThrowsAsync<ResourceInUseException>(() => Models.RenameAsync("churn", "other", Ct));

        Assert.Contains("churn-api", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransitionAsync_ArchiveExisting_ArchivesOnlyTheSameStage()
    {
        for (var i = 0; i < 3; i++)
        {
            await Store.Models.CreateVersionAsync(NewVersion("churn", $"w{i}"), Ct);
        }

        await Store.VersionStages.TransitionAsync("churn", 1, "Production", false, Ct);
        await Store.VersionStages.TransitionAsync("churn", 2, "Staging", false, Ct);
        await Store.VersionStages.TransitionAsync("churn", 3, "PRODUCTION", archiveExisting: true, Ct);

        Assert.Equal(["Archived", "Staging", "Production"], (await Store.VersionStages.ListAsync("churn", Ct)).Select(s => s.Stage));
    }

    [Fact]
    public async Task GetStageAsync_OneVersion_ReturnsItsStageAndNullForUnknown()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn", "a"), Ct);
        await Store.Models.CreateVersionAsync(NewVersion("churn", "b"), Ct);
        await Store.VersionStages.TransitionAsync("churn", 2, "Staging", false, Ct);

        Assert.Equal(("None", "Staging"), ((await Store.VersionStages.GetAsync("churn", 1, Ct))!.Stage, (await Store.VersionStages.GetAsync("churn", 2, Ct))!.Stage));
        Assert.Null(await Store.VersionStages.GetAsync("churn", 3, Ct));
    }

    [Fact]
    public async Task TransitionAsync_UnknownVersion_ThrowsNotFound()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);

        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Store.VersionStages.TransitionAsync("churn", 5, "Staging", false, Ct));
    }

    [Fact]
    public async Task SearchVersions_RunIdAndSource_FindTheRegisteredVersion()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn", "a"), Ct);
        await Store.Models.CreateVersionAsync(NewVersion("churn", "b") with { Lineage = VersionLineage.Empty with { RunId = "r9" } }, Ct);
        await Store.VersionStages.RecordSourceAsync("churn", 2, "runs:/r9/model", null, Ct);

        var byRun = await Store.VersionStages.SearchAsync("run_id = 'r9'", null, 10, null, Ct);
        var bySource = await Store.VersionStages.SearchAsync("source_path LIKE 'runs:/%'", null, 10, null, Ct);

        Assert.Equal([("churn", 2)], byRun.Items);
        Assert.Equal([("churn", 2)], bySource.Items);
    }

    private async Task SeedEverythingAsync(string model)
    {
        await Models.CreateAsync(model, null, new Dictionary<string, string> { ["owner"] = "ana" }, Ct);
        await Store.Models.CreateVersionAsync(NewVersion(model, "one"), Ct);
        await Store.Models.CreateVersionAsync(
            NewVersion(model, "two") with { Params = new Dictionary<string, string> { ["lr"] = "0.1" }, Lineage = VersionLineage.Empty with { Parents = [1] } }, Ct);
        await Store.VersionMetadata.SetTagAsync(model, 2, "stage", "prod", Ct);
        await Store.VersionMetadata.SetCardAsync(model, 2, "# card", Ct);
        await Store.Aliases.SetAsync(model, "champion", 2, Ct);
        await Store.VersionStages.TransitionAsync(model, 2, "Production", false, Ct);
    }
}
