using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Search;
using Modelplane.Registry.Tracking;
using Modelplane.Registry.Tracking.Search;
using static Modelplane.Registry.Tests.Storage.StoreTestData;

namespace Modelplane.Registry.Tests.Storage;

/// <summary>The behaviour every <see cref="IModelSearch"/> backend must show.</summary>
public abstract class ModelSearchContractTests<TFixture> : MetadataStoreTestBase<TFixture>
    where TFixture : IMetadataStoreFixture, new()
{
    // churn/1 risk auc .91 depth 6, churn/2 growth auc .95 depth 8 (champion, approved), credit/1 risk auc .85, fraud/1 risk no auc.
    private async Task SeedAsync()
    {
        await PushAsync("churn", "risk", 0.91, "6");
        await PushAsync("churn", "growth", 0.95, "8");
        await PushAsync("credit", "risk", 0.85, "6");
        await PushAsync("fraud", "risk", null, "4");
        await Store.Aliases.SetAsync("churn", "champion", 2, Ct);
        await Store.VersionMetadata.SetApprovalAsync("churn", 2, ApprovalStatus.Approved, "ana", null, Ct);
    }

    private async Task PushAsync(string model, string team, double? auc, string depth)
    {
        var metrics = new Dictionary<string, double> { ["loss"] = 0.1 };
        if (auc is { } a)
        {
            metrics["auc"] = a;
        }

        await Store.Models.CreateVersionAsync(
            NewVersion(model, $"{model}-{team}-{auc}") with { Tags = new Dictionary<string, string> { ["team"] = team }, Metrics = metrics, Params = new Dictionary<string, string> { ["depth"] = depth } },
            Ct);
        Fixture.Time.Advance(TimeSpan.FromMinutes(1));
    }

    private async Task<SearchPage<ModelVersion>> SearchAsync(string? filter, string? order = null, int max = 100, string? token = null) =>
        await Store.Search.SearchVersionsAsync(new VersionSearch(filter, order, max, token), Ct);

    private static string[] Keys(SearchPage<ModelVersion> page) => [.. page.Items.Select(v => $"{v.Model}/{v.Version}")];

    [Theory]
    [InlineData("tags.team = 'risk'", "fraud/1,credit/1,churn/1")]
    [InlineData("metrics.auc > 0.9", "churn/2,churn/1")]
    [InlineData("metrics.auc <= 0.85", "credit/1")]
    [InlineData("params.depth = '6'", "credit/1,churn/1")]
    [InlineData("name = 'churn'", "churn/2,churn/1")]
    [InlineData("name LIKE 'c%'", "credit/1,churn/2,churn/1")]
    [InlineData("alias = 'champion'", "churn/2")]
    [InlineData("alias != 'champion'", "fraud/1,credit/1,churn/1")]
    [InlineData("approval = 'approved'", "churn/2")]
    [InlineData("status = 'PENDING' and name = 'churn'", "churn/1")]
    [InlineData("version = 2", "churn/2")]
    [InlineData("created >= '2026-03-01T12:02:00Z'", "fraud/1,credit/1")]
    [InlineData("created < 1772366520000", "churn/2,churn/1")]
    [InlineData("tags.team = 'risk' and metrics.auc > 0.9", "churn/1")]
    [InlineData(null, "fraud/1,credit/1,churn/2,churn/1")]
    public async Task SearchVersionsAsync_Filter_ReturnsMatchingVersionsNewestFirst(string? filter, string expected)
    {
        await SeedAsync();

        var page = await SearchAsync(filter);

        Assert.Equal(expected.Split(','), Keys(page));
        Assert.Equal(expected.Split(',').Length, page.TotalCount);
        Assert.Null(page.NextPageToken);
    }

    [Theory]
    [InlineData("metrics.auc DESC", "churn/2,churn/1,credit/1,fraud/1")]
    [InlineData("metrics.auc ASC", "credit/1,churn/1,churn/2,fraud/1")]
    [InlineData("name", "churn/1,churn/2,credit/1,fraud/1")]
    [InlineData("version DESC", "churn/2,fraud/1,credit/1,churn/1")]
    [InlineData("created ASC", "churn/1,churn/2,credit/1,fraud/1")]
    public async Task SearchVersionsAsync_OrderBy_SortsWithMissingMetricsLast(string order, string expected)
    {
        await SeedAsync();

        var page = await SearchAsync(null, order);

        Assert.Equal(expected.Split(','), Keys(page));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("metrics.auc DESC")]
    [InlineData("metrics.auc ASC")]
    [InlineData("name DESC")]
    [InlineData("version")]
    public async Task SearchVersionsAsync_Pages_WalkEveryMatchOnceInOrder(string? order)
    {
        await SeedAsync();
        var all = Keys(await SearchAsync(null, order));

        var walked = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await SearchAsync(null, order, max: 1, token: token);
            Assert.Equal(4, page.TotalCount);
            walked.AddRange(Keys(page));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(all, walked);
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task SearchVersionsAsync_PageSizeTwo_CountsAllButReturnsTwoAndAToken()
    {
        await SeedAsync();

        var page = await SearchAsync("tags.team = 'risk'", max: 2);

        Assert.Equal(["fraud/1", "credit/1"], Keys(page));
        Assert.Equal(3, page.TotalCount);
        Assert.NotNull(page.NextPageToken);
    }

    [Fact]
    public async Task SearchVersionsAsync_ReturnsWholeVersions()
    {
        await SeedAsync();

        var version = Assert.Single((await SearchAsync("alias = 'champion'")).Items);

        Assert.Equal(["champion"], version.Aliases);
        Assert.Equal((ApprovalStatus.Approved, 0.95, "8"), (version.Approval.Status, version.Metrics["auc"], version.Params["depth"]));
    }

    [Theory]
    [InlineData("tags.team = 'risk' or name = 'x'", 19)]
    [InlineData("colour = 'red'", 0)]
    [InlineData("approval = 'maybe'", 11)]
    [InlineData("created > 'yesterday'", 10)]
    [InlineData("metrics.auc > 'high'", 14)]
    public async Task SearchVersionsAsync_BadFilter_ThrowsWithPosition(string filter, int position)
    {
        var ex = await Assert.ThrowsAsync<SearchFilterException>(() => SearchAsync(filter));

        Assert.Equal(position, ex.Position);
        Assert.Contains($"position {position}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchVersionsAsync_UnknownOrder_ThrowsWithPosition()
    {
        var ex = await Assert.ThrowsAsync<SearchFilterException>(() => SearchAsync(null, "tags.team"));

        Assert.Equal(0, ex.Position);
    }

    [Fact]
    public async Task SearchVersionsAsync_TokenFromOtherOrder_ThrowsValidation()
    {
        await SeedAsync();
        var token = (await SearchAsync(null, "name", max: 1)).NextPageToken;

        var ex = await Assert.ThrowsAsync<RegistryValidationException>(() => SearchAsync(null, "version", max: 1, token: token));

        Assert.Contains("Invalid page token", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task SearchVersionsAsync_PageSizeOutOfRange_ThrowsValidation(int max) =>
        await Assert.ThrowsAsync<RegistryValidationException>(() => SearchAsync(null, max: max));
}
