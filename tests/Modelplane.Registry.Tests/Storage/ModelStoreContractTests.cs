using Modelplane.Registry.Models;
using static Modelplane.Registry.Tests.Storage.StoreTestData;

namespace Modelplane.Registry.Tests.Storage;

/// <summary>The behaviour every <see cref="IModelStore"/> backend must show.</summary>
public abstract class ModelStoreContractTests<TFixture> : MetadataStoreTestBase<TFixture>
    where TFixture : IMetadataStoreFixture, new()
{
    private IModelStore Models => Store.Models;

    [Fact]
    public async Task CreateVersionAsync_FirstPush_AssignsVersion1()
    {
        var created = await Models.CreateVersionAsync(NewVersion("churn"), Ct);

        Assert.Equal(1, created.Version);
    }

    [Fact]
    public async Task CreateVersionAsync_SecondPush_AssignsVersion2()
    {
        await Models.CreateVersionAsync(NewVersion("churn", "a"), Ct);

        var second = await Models.CreateVersionAsync(NewVersion("churn", "b"), Ct);

        Assert.Equal(2, second.Version);
    }

    [Fact]
    public async Task CreateVersionAsync_TwoModels_NumberIndependently()
    {
        await Models.CreateVersionAsync(NewVersion("churn"), Ct);
        await Models.CreateVersionAsync(NewVersion("churn"), Ct);

        var other = await Models.CreateVersionAsync(NewVersion("fraud"), Ct);

        Assert.Equal(1, other.Version);
    }

    [Fact]
    public async Task CreateVersionAsync_TwentyConcurrentPushes_AssignEachNumberOnce()
    {
        var pushes = Enumerable.Range(0, 20)
            .Select(i => Task.Run(() => Models.CreateVersionAsync(NewVersion("churn", $"w{i}"), Ct), Ct));

        var created = await Task.WhenAll(pushes);

        Assert.Equal(Enumerable.Range(1, 20), created.Select(v => v.Version).Order());
        var stored = await Models.ListVersionsAsync("churn", Ct);
        Assert.Equal(Enumerable.Range(1, 20), stored.Select(v => v.Version).Order());
        Assert.Equal(created.Select(v => v.Digest).Order(), stored.Select(v => v.Digest).Order());
    }

    [Fact]
    public async Task CreateVersionAsync_AfterReopen_ContinuesNumbering()
    {
        await Models.CreateVersionAsync(NewVersion("churn", "a"), Ct);
        await Models.CreateVersionAsync(NewVersion("churn", "b"), Ct);

        var reopened = await Fixture.ReopenAsync(Ct);
        var third = await reopened.Models.CreateVersionAsync(NewVersion("churn", "c"), Ct);

        Assert.Equal(3, third.Version);
    }

    [Fact]
    public async Task GetVersionAsync_Created_RoundTripsEveryField()
    {
        var request = NewVersion("churn");
        await Models.CreateVersionAsync(request, Ct);

        var stored = await Models.GetVersionAsync("churn", 1, Ct);

        Assert.NotNull(stored);
        Assert.Equal(("churn", 1, request.Digest, request.SizeBytes, "onnx", request.Description),
            (stored.Model, stored.Version, stored.Digest, stored.SizeBytes, stored.Format, stored.Description));
        Assert.Equal(request.Tags.OrderBy(t => t.Key), stored.Tags.OrderBy(t => t.Key));
        Assert.Equal(request.Metrics.OrderBy(t => t.Key), stored.Metrics.OrderBy(t => t.Key));
        AssertSameSignature(request.Signature, stored.Signature);
    }

    [Fact]
    public async Task CreateVersionAsync_Stamp_UsesTimeProvider()
    {
        Fixture.Time.Advance(TimeSpan.FromMinutes(7));

        var created = await Models.CreateVersionAsync(NewVersion("churn"), Ct);

        Assert.Equal(Fixture.Time.GetUtcNow(), created.CreatedAt);
        Assert.Equal(Fixture.Time.GetUtcNow(), (await Models.GetVersionAsync("churn", 1, Ct))!.CreatedAt);
    }

    [Fact]
    public async Task GetVersionAsync_UnknownVersion_ReturnsNull()
    {
        await Models.CreateVersionAsync(NewVersion("churn"), Ct);

        Assert.Null(await Models.GetVersionAsync("churn", 2, Ct));
    }

    [Fact]
    public async Task GetVersionAsync_UnknownModel_ReturnsNull() =>
        Assert.Null(await Models.GetVersionAsync("missing", 1, Ct));

    [Fact]
    public async Task GetLatestVersionAsync_ThreeVersions_ReturnsHighest()
    {
        foreach (var content in new[] { "a", "b", "c" })
        {
            await Models.CreateVersionAsync(NewVersion("churn", content), Ct);
        }

        var latest = await Models.GetLatestVersionAsync("churn", Ct);

        Assert.Equal((3, DigestOf("c")), (latest!.Version, latest.Digest));
    }

    [Fact]
    public async Task GetLatestVersionAsync_UnknownModel_ReturnsNull() =>
        Assert.Null(await Models.GetLatestVersionAsync("missing", Ct));

    [Fact]
    public async Task ListVersionsAsync_ThreeVersions_NewestFirst()
    {
        foreach (var content in new[] { "a", "b", "c" })
        {
            await Models.CreateVersionAsync(NewVersion("churn", content), Ct);
        }

        var versions = await Models.ListVersionsAsync("churn", Ct);

        Assert.Equal([3, 2, 1], versions.Select(v => v.Version));
        Assert.Equal([DigestOf("c"), DigestOf("b"), DigestOf("a")], versions.Select(v => v.Digest));
    }

    [Fact]
    public async Task ListVersionsAsync_UnknownModel_ReturnsEmpty() =>
        Assert.Empty(await Models.ListVersionsAsync("missing", Ct));

    [Fact]
    public async Task ListModelsAsync_NoModels_ReturnsEmpty() => Assert.Empty(await Models.ListModelsAsync(Ct));

    [Fact]
    public async Task ListModelsAsync_TwoModels_OrderedByNameWithCounts()
    {
        await Models.CreateVersionAsync(NewVersion("zeta"), Ct);
        await Models.CreateVersionAsync(NewVersion("alpha"), Ct);
        await Models.CreateVersionAsync(NewVersion("alpha"), Ct);

        var models = await Models.ListModelsAsync(Ct);

        Assert.Equal([("alpha", 2, 2), ("zeta", 1, 1)], models.Select(m => (m.Name, m.LatestVersion, m.VersionCount)));
    }

    [Fact]
    public async Task ListModelsAsync_NewVersion_AdvancesUpdatedAtOnly()
    {
        var created = Fixture.Time.GetUtcNow();
        await Models.CreateVersionAsync(NewVersion("churn"), Ct);
        Fixture.Time.Advance(TimeSpan.FromHours(1));
        await Models.CreateVersionAsync(NewVersion("churn"), Ct);

        var summary = Assert.Single(await Models.ListModelsAsync(Ct));

        Assert.Equal((created, created.AddHours(1)), (summary.CreatedAt, summary.UpdatedAt));
    }

    [Fact]
    public async Task Reopen_NewInstanceOnSameDatabase_SeesVersions()
    {
        await Models.CreateVersionAsync(NewVersion("churn", "a"), Ct);
        await Models.CreateVersionAsync(NewVersion("churn", "b"), Ct);

        var reopened = await Fixture.ReopenAsync(Ct);

        var versions = await reopened.Models.ListVersionsAsync("churn", Ct);
        Assert.Equal([DigestOf("b"), DigestOf("a")], versions.Select(v => v.Digest));
    }

    [Fact]
    public async Task MigrateAsync_Twice_KeepsData()
    {
        await Models.CreateVersionAsync(NewVersion("churn"), Ct);

        await Store.MigrateAsync(Ct);
        await Store.MigrateAsync(Ct);

        Assert.Equal(1, (await Models.GetLatestVersionAsync("churn", Ct))!.Version);
    }

    private static void AssertSameSignature(ModelSignature expected, ModelSignature actual)
    {
        static string Describe(ModelSignature s) => string.Join(
            "; ",
            s.Inputs.Concat(s.Outputs).Select(t =>
                $"{t.Name}:{t.ElementType}[{string.Join(',', t.Shape)}]({string.Join(',', t.DimensionNames ?? [])})"));
        Assert.Equal(Describe(expected), Describe(actual));
        Assert.Equal(expected.Inputs.Count, actual.Inputs.Count);
    }
}
