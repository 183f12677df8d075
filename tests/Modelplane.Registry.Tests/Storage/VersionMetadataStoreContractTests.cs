using Modelplane.Registry.Models;
using Modelplane.Registry.Storage;
using static Modelplane.Registry.Tests.Storage.StoreTestData;

namespace Modelplane.Registry.Tests.Storage;

/// <summary>The behaviour every <see cref="IVersionMetadataStore"/> backend must show.</summary>
public abstract class VersionMetadataStoreContractTests<TFixture> : MetadataStoreTestBase<TFixture>
    where TFixture : IMetadataStoreFixture, new()
{
    private IVersionMetadataStore Metadata => Store.VersionMetadata;

    [Fact]
    public async Task SetTagAsync_NewKey_AddsItAndKeepsOthersAndTheArtifact()
    {
        var created = await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);

        var updated = await Metadata.SetTagAsync("churn", 1, "stage", "prod", Ct);

        Assert.Equal([("dataset", "train.csv"), ("stage", "prod"), ("team", "risk")], updated.Tags.OrderBy(t => t.Key).Select(t => (t.Key, t.Value)));
        Assert.Equal((created.Digest, created.SizeBytes), (updated.Digest, updated.SizeBytes));
    }

    [Fact]
    public async Task SetTagAsync_ExistingKey_ReplacesValue()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);

        await Metadata.SetTagAsync("churn", 1, "team", "growth", Ct);

        Assert.Equal("growth", (await Store.Models.GetVersionAsync("churn", 1, Ct))!.Tags["team"]);
    }

    [Fact]
    public async Task SetTagAsync_UnknownVersion_ThrowsNotFound() =>
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Metadata.SetTagAsync("churn", 1, "k", "v", Ct));

    [Fact]
    public async Task DeleteTagAsync_Existing_RemovesOnlyThatTag()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);

        Assert.True(await Metadata.DeleteTagAsync("churn", 1, "team", Ct));

        Assert.Equal(["dataset"], (await Store.Models.GetVersionAsync("churn", 1, Ct))!.Tags.Keys);
    }

    [Fact]
    public async Task DeleteTagAsync_AbsentKey_ReturnsFalse()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);

        Assert.False(await Metadata.DeleteTagAsync("churn", 1, "nope", Ct));
    }

    [Fact]
    public async Task DeleteTagAsync_UnknownVersion_ThrowsNotFound() =>
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Metadata.DeleteTagAsync("churn", 4, "team", Ct));

    [Fact]
    public async Task CreateVersionAsync_New_IsPendingWithoutCard()
    {
        var created = await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);

        Assert.Equal(VersionApproval.Pending, created.Approval);
        Assert.False(created.HasCard);
    }

    [Fact]
    public async Task SetApprovalAsync_Approved_RecordsWhoWhenAndWhy()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);
        Fixture.Time.Advance(TimeSpan.FromMinutes(5));

        var updated = await Metadata.SetApprovalAsync("churn", 1, ApprovalStatus.Approved, "ana", "passed review", Ct);

        Assert.Equal(new VersionApproval(ApprovalStatus.Approved, "ana", Fixture.Time.GetUtcNow(), "passed review"), updated.Approval);
        Assert.Equal(updated.Approval, (await Store.Models.GetVersionAsync("churn", 1, Ct))!.Approval);
    }

    [Fact]
    public async Task SetApprovalAsync_RejectedAfterApproved_KeepsLatestDecision()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);
        await Metadata.SetApprovalAsync("churn", 1, ApprovalStatus.Approved, "ana", null, Ct);

        await Metadata.SetApprovalAsync("churn", 1, ApprovalStatus.Rejected, "bo", "bias in segment B", Ct);

        var approval = (await Store.Models.GetVersionAsync("churn", 1, Ct))!.Approval;
        Assert.Equal((ApprovalStatus.Rejected, "bo", "bias in segment B"), (approval.Status, approval.By, approval.Comment));
    }

    [Fact]
    public async Task SetApprovalAsync_UnknownVersion_ThrowsNotFound() =>
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Metadata.SetApprovalAsync("churn", 1, ApprovalStatus.Approved, "a", null, Ct));

    [Fact]
    public async Task SetCardAsync_Twice_StoresLatestAndMarksVersion()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);

        await Metadata.SetCardAsync("churn", 1, "# Churn\nfirst", Ct);
        await Metadata.SetCardAsync("churn", 1, "# Churn\n\n## Intended use\nretention", Ct);

        Assert.Equal("# Churn\n\n## Intended use\nretention", await Metadata.GetCardAsync("churn", 1, Ct));
        Assert.True((await Store.Models.GetVersionAsync("churn", 1, Ct))!.HasCard);
    }

    [Fact]
    public async Task GetCardAsync_NoCard_ReturnsNull()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);

        Assert.Null(await Metadata.GetCardAsync("churn", 1, Ct));
    }

    [Fact]
    public async Task SetCardAsync_UnknownVersion_ThrowsNotFound() =>
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Metadata.SetCardAsync("churn", 2, "# x", Ct));
}
