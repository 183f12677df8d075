using Modelplane.Registry.Models.Lifecycle;
using Modelplane.Registry.Monitoring;
using Modelplane.Registry.Storage;
using Modelplane.Registry.Tests.Storage;
using static Modelplane.Registry.Tests.Storage.StoreTestData;

namespace Modelplane.Registry.Tests.Monitoring;

/// <summary>The behaviour every <see cref="IReferenceProfileStore"/> backend must show.</summary>
public abstract class ReferenceProfileStoreContractTests<TFixture> : MetadataStoreTestBase<TFixture>
    where TFixture : IMetadataStoreFixture, new()
{
    private static ReferenceProfile Profile(string model, int version, string digest = "sha256:ab") => new(
        model,
        version,
        new DataProfile(
            3,
            [
                new FeatureProfile("x", FeatureKind.Numeric, 3, 1)
                {
                    Numeric = new NumericProfile([1.5], [1, 1], [1, 2], 1.5, 0.5, 1, 2) { Quantiles = [1, 1.5, 2] },
                },
                new FeatureProfile("empty", FeatureKind.Numeric, 3, 3) { Numeric = new NumericProfile([], [0], [0], 0, 0, double.NaN, double.NaN) },
            ],
            [new FeatureProfile("label", FeatureKind.Categorical, 3, 0) { Categorical = new CategoricalProfile(["1", "0"], [2, 1], 0) }])
        {
            Confidence = new ConfidenceSums(3, 2.5, 1.5, 0.5, 0.25),
        },
        digest,
        "csv",
        DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000))
    {
        LabelColumn = "y",
        Calibration = new Calibration(true, [0.05, 0.2, 0.9]),
    };

    [Fact]
    public async Task GetAsync_NothingStored_ReturnsNull()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);

        Assert.Null(await Store.ReferenceProfiles.GetAsync("churn", 1, Ct));
    }

    [Fact]
    public async Task SaveAsync_ThenReopen_ReadsTheWholeProfile()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);
        var saved = Profile("churn", 1);

        await Store.ReferenceProfiles.SaveAsync(saved, Ct);
        var read = (await (await Fixture.ReopenAsync(Ct)).ReferenceProfiles.GetAsync("churn", 1, Ct))!;

        Assert.Equal(MonitoringJson.Serialize(saved.Profile), MonitoringJson.Serialize(read.Profile));
        Assert.Equal((saved.DataDigest, saved.DataFormat, saved.CreatedAt, "y"), (read.DataDigest, read.DataFormat, read.CreatedAt, read.LabelColumn));
        Assert.Equal([0.05, 0.2, 0.9], read.Calibration!.Observed);
        Assert.True(double.IsNaN(read.Profile.Features[1].Numeric!.Min));
    }

    [Fact]
    public async Task SaveAsync_Again_ReplacesTheProfile()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);
        await Store.ReferenceProfiles.SaveAsync(Profile("churn", 1), Ct);

        await Store.ReferenceProfiles.SaveAsync(Profile("churn", 1, "sha256:cd") with { LabelColumn = null, Calibration = null }, Ct);

        var read = (await Store.ReferenceProfiles.GetAsync("churn", 1, Ct))!;
        Assert.Equal(("sha256:cd", null, null), (read.DataDigest, read.LabelColumn, read.Calibration));
    }

    [Fact]
    public async Task SaveAsync_MissingVersion_ThrowsNotFound()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);

        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Store.ReferenceProfiles.SaveAsync(Profile("churn", 2), Ct));
    }

    [Fact]
    public async Task GetAsync_DeletedVersion_ReturnsNullAndPurgeRemovesTheRow()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);
        await Store.Models.CreateVersionAsync(NewVersion("churn", "other"), Ct);
        await Store.ReferenceProfiles.SaveAsync(Profile("churn", 1), Ct);

        await Store.Lifecycle.DeleteVersionAsync("churn", 1, new DeleteOptions(), Ct);
        Assert.Null(await Store.ReferenceProfiles.GetAsync("churn", 1, Ct));
        // The purge would fail on the foreign key if it left the profile row behind.
        await Store.Lifecycle.PurgeAsync("churn", 1, Ct);

        Assert.Null(await Store.ReferenceProfiles.GetAsync("churn", 1, Ct));
    }

    [Fact]
    public async Task GetAsync_AfterRename_ReadsUnderTheNewName()
    {
        await Store.Models.CreateVersionAsync(NewVersion("churn"), Ct);
        await Store.ReferenceProfiles.SaveAsync(Profile("churn", 1), Ct);

        await Store.RegisteredModels.RenameAsync("churn", "attrition", Ct);

        Assert.Equal("attrition", (await Store.ReferenceProfiles.GetAsync("attrition", 1, Ct))!.Model);
    }
}

public sealed class SqliteReferenceProfileStoreTests : ReferenceProfileStoreContractTests<SqliteStoreFixture>;
