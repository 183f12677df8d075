using Modelplane.Registry.Models.Search;
using Modelplane.Registry.Storage;
using Modelplane.Registry.Storage.Sqlite;
using Modelplane.Registry.Storage.Sqlite.Search;
using static Modelplane.Registry.Tests.Storage.StoreTestData;

namespace Modelplane.Registry.Tests.Storage.Sqlite.Search;

/// <summary>The search total: exact where an index answers it, capped (a lower bound) where it would visit every match.</summary>
public sealed class SqliteVersionCountTests : IAsyncLifetime
{
    private const int Cap = 3;
    private readonly SqliteStoreFixture _fixture = new();
    private IMetadataStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = await _fixture.CreateStoreAsync(Ct);
        for (var i = 0; i < 6; i++)
        {
            await _store.Models.CreateVersionAsync(NewVersion("churn", $"w{i}"), Ct);
        }
    }

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    // Six versions of churn, each tagged team=risk with auc 0.91; the search counts at most 3 the slow way.
    [Theory]
    [InlineData(null, 6, false)]
    [InlineData("tags.team = 'risk'", 6, false)]
    [InlineData("metrics.auc > 0.9", 6, false)]
    [InlineData("tags.team = 'risk' and metrics.auc > 0.9", Cap, true)]
    [InlineData("name = 'churn'", Cap, true)]
    [InlineData("tags.team = 'risk' and version <= 3", 3, false)]
    [InlineData("tags.team = 'risk' and version <= 2", 2, false)]
    public async Task SearchVersionsAsync_Filter_CountsExactlyOrStopsAtCap(string? filter, long count, bool lowerBound)
    {
        var search = new SqliteModelSearch(new SqliteConnectionFactory(_fixture.DataDirectory), countCap: Cap);

        var page = await search.SearchVersionsAsync(new VersionSearch(filter, MaxResults: 1), Ct);

        Assert.Equal((count, lowerBound), (page.TotalCount, page.TotalCountIsLowerBound));
        Assert.Single(page.Items);
    }
}
