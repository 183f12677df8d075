using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Archive;
using Modelplane.Registry.Storage;
using static Modelplane.Registry.Tests.Storage.StoreTestData;

namespace Modelplane.Registry.Tests.Storage;

/// <summary>Whole-model imports: explicit version numbers, everything in one transaction, never onto an existing model.</summary>
public abstract class ModelImportStoreContractTests<TFixture> : MetadataStoreTestBase<TFixture>
    where TFixture : IMetadataStoreFixture, new()
{
    private static readonly DateTimeOffset Trained = new(2025, 11, 5, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task ImportAsync_SparseNumbers_KeepsThemAndNextPushFollowsHighest()
    {
        await Store.ModelImports.ImportAsync(new ImportedModel("churn", [Imported(2, "a"), Imported(5, "b") with { Version = NewVersion("x", "b") with { Lineage = VersionLineage.Empty with { Parents = [2] } } }]), Ct);

        var next = await Store.Models.CreateVersionAsync(NewVersion("churn", "c"), Ct);

        Assert.Equal([6, 5, 2], (await Store.Models.ListVersionsAsync("churn", Ct)).Select(v => v.Version));
        Assert.Equal(6, next.Version);
        Assert.Equal([2], (await Store.Models.GetVersionAsync("churn", 5, Ct))!.Lineage.Parents);
    }

    [Fact]
    public async Task ImportAsync_ApprovalCardAliasesAndCreatedTime_AreStored()
    {
        var approved = new VersionApproval(ApprovalStatus.Approved, "bo", Trained.AddDays(1), "ok");

        var versions = await Store.ModelImports.ImportAsync(
            new ImportedModel("churn", [Imported(1, "a") with { Approval = approved, Card = "# Churn", Aliases = ["champion", "prod"] }]), Ct);

        var stored = Assert.Single(versions);
        Assert.Equal((Trained, ApprovalStatus.Approved, "bo", Trained.AddDays(1), "ok"), (stored.CreatedAt, stored.Approval.Status, stored.Approval.By, stored.Approval.At, stored.Approval.Comment));
        Assert.Equal(["champion", "prod"], stored.Aliases);
        Assert.Equal("# Churn", await Store.VersionMetadata.GetCardAsync("churn", 1, Ct));
        Assert.Equal("churn", stored.Model);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "risk", ["dataset"] = "train.csv" }.OrderBy(t => t.Key), stored.Tags.OrderBy(t => t.Key));
    }

    [Fact]
    public async Task ImportAsync_ExistingModel_ThrowsConflictAndAddsNothing()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn", "a"), Ct);

        var ex = await Assert.ThrowsAsync<ResourceConflictException>(() => Store.ModelImports.ImportAsync(new ImportedModel("churn", [Imported(7, "b")]), Ct));

        Assert.Contains("Model 'churn' already exists", ex.Message, StringComparison.Ordinal);
        Assert.Equal([1], (await Store.Models.ListVersionsAsync("churn", Ct)).Select(v => v.Version));
    }

    [Fact]
    public async Task ImportAsync_FailureOnLastVersion_RegistersNoVersionAndNoModel()
    {
        // The same alias on two versions violates the alias key only when the second version is written.
        var model = new ImportedModel("churn", [Imported(1, "a") with { Aliases = ["champion"] }, Imported(2, "b") with { Aliases = ["champion"] }]);

        await Assert.ThrowsAnyAsync<Exception>(() => Store.ModelImports.ImportAsync(model, Ct));

        Assert.Empty(await Store.Models.ListVersionsAsync("churn", Ct));
        Assert.Empty(await Store.Models.ListModelsAsync(Ct));
        Assert.Equal(1, (await Store.Models.CreateVersionAsync(NewVersion("churn", "c"), Ct)).Version);
    }

    private static ImportedVersion Imported(int number, string content) => new(number, NewVersion("source-name", content), Trained);
}
