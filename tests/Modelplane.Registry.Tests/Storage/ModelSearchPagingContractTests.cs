using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Search;
using static Modelplane.Registry.Tests.Storage.StoreTestData;

namespace Modelplane.Registry.Tests.Storage;

/// <summary>
/// Version search pages over a larger set, checked against the seeded data: whatever way a backend reads a page
/// (SQLite walks its order index for large match sets and drives from the filter for small ones), every page size
/// gives the same versions in the same order, and pages hold steady while versions are added.
/// </summary>
public abstract class ModelSearchPagingContractTests<TFixture> : MetadataStoreTestBase<TFixture>
    where TFixture : IMetadataStoreFixture, new()
{
    private const int Versions = 36;

    private sealed record Seeded(string Model, int Version, long Created, string Team, double? Auc, string Depth);

    // Six models pushed round-robin; the clock moves every second push so created times tie across models;
    // a quarter are team a; every 9th has no auc.
    private async Task<List<Seeded>> SeedAsync()
    {
        var seeded = new List<Seeded>();
        for (var i = 0; i < Versions; i++)
        {
            var model = $"m{i % 6}";
            var team = i % 4 == 0 ? "a" : "b";
            double? auc = i % 9 == 0 ? null : ((i * 7) % Versions) / (double)Versions;
            var metrics = new Dictionary<string, double> { ["loss"] = 0.1 };
            if (auc is { } value)
            {
                metrics["auc"] = value;
            }

            var version = await Store.Models.CreateVersionAsync(
                NewVersion(model, $"w{i}") with
                {
                    Tags = new Dictionary<string, string> { ["team"] = team },
                    Metrics = metrics,
                    Params = new Dictionary<string, string> { ["depth"] = $"{i % 3}" },
                },
                Ct);
            seeded.Add(new Seeded(model, version.Version, version.CreatedAt.ToUnixTimeMilliseconds(), team, auc, $"{i % 3}"));
            if (i % 2 == 1)
            {
                Fixture.Time.Advance(TimeSpan.FromMinutes(1));
            }
        }

        return seeded;
    }

    private async Task<List<string>> WalkAsync(string? filter, string? order, int size, Func<Task>? betweenPages = null)
    {
        var walked = new List<string>();
        string? token = null;
        do
        {
            var page = await Store.Search.SearchVersionsAsync(new VersionSearch(filter, order, size, token), Ct);
            Assert.True(page.Items.Count <= size);
            walked.AddRange(page.Items.Select(v => $"{v.Model}/{v.Version}"));
            token = page.NextPageToken;
            if (betweenPages is not null)
            {
                await betweenPages();
            }
        }
        while (token is not null);

        return walked;
    }

    private static IEnumerable<Seeded> Sorted(IEnumerable<Seeded> versions, string? order) => order switch
    {
        null => versions.OrderByDescending(v => v.Created).ThenByDescending(v => v.Model, StringComparer.Ordinal).ThenByDescending(v => v.Version),
        "name ASC" => versions.OrderBy(v => v.Model, StringComparer.Ordinal).ThenBy(v => v.Version),
        "metrics.auc DESC" => versions.OrderBy(v => v.Auc is null).ThenByDescending(v => v.Auc)
            .ThenByDescending(v => v.Model, StringComparer.Ordinal).ThenByDescending(v => v.Version),
        _ => versions.OrderBy(v => v.Auc is null).ThenBy(v => v.Auc).ThenBy(v => v.Model, StringComparer.Ordinal).ThenBy(v => v.Version),
    };

    private static bool Matches(Seeded v, string filter) => filter switch
    {
        "tags.team = 'a'" => v.Team == "a",
        "tags.team = 'b'" => v.Team == "b",
        "metrics.auc > 0.3" => v.Auc > 0.3,
        "tags.team = 'b' and metrics.auc > 0.3" => v.Team == "b" && v.Auc > 0.3,
        _ => v.Depth == "1" && v.Team == "b" && v.Model != "m0",
    };

    [Theory]
    [InlineData("tags.team = 'a'", null)]
    [InlineData("tags.team = 'b'", null)]
    [InlineData("metrics.auc > 0.3", "metrics.auc DESC")]
    [InlineData("tags.team = 'b'", "metrics.auc DESC")]
    [InlineData("tags.team = 'a'", "metrics.auc ASC")]
    [InlineData("tags.team = 'b' and metrics.auc > 0.3", null)]
    [InlineData("tags.team = 'b' and metrics.auc > 0.3", "metrics.auc ASC")]
    [InlineData("params.depth = '1' and tags.team = 'b' and name != 'm0'", "name ASC")]
    public async Task SearchVersionsAsync_PagesOfAnySize_ReturnEveryMatchInOrderWithExactCount(string filter, string? order)
    {
        var seeded = await SeedAsync();
        var expected = Sorted(seeded.Where(v => Matches(v, filter)), order).Select(v => $"{v.Model}/{v.Version}").ToList();

        foreach (var size in new[] { 1, 4, Versions })
        {
            Assert.Equal(expected, await WalkAsync(filter, order, size));
        }

        var first = await Store.Search.SearchVersionsAsync(new VersionSearch(filter, order, 2), Ct);
        Assert.Equal((expected.Count, false), (first.TotalCount, first.TotalCountIsLowerBound));
    }

    [Fact]
    public async Task SearchVersionsAsync_VersionsPushedBetweenPages_NeitherRepeatNorSkip()
    {
        var seeded = await SeedAsync();
        var expected = Sorted(seeded.Where(v => v.Team == "b"), null).Select(v => $"{v.Model}/{v.Version}").ToList();
        var pushed = 0;

        // Each push is newer than every page read so far, so it sorts before the cursor: an offset would repeat a version.
        var walked = await WalkAsync("tags.team = 'b'", null, 5, async () =>
        {
            Fixture.Time.Advance(TimeSpan.FromMinutes(1));
            await Store.Models.CreateVersionAsync(NewVersion("m0", $"late{pushed++}") with { Tags = new Dictionary<string, string> { ["team"] = "b" } }, Ct);
        });

        Assert.Equal(expected, walked);
        Assert.Equal(6, pushed);
    }

    [Fact]
    public async Task SearchVersionsAsync_ComparisonMatchingNothing_ReturnsEmptyPageAndZero()
    {
        await SeedAsync();

        var page = await Store.Search.SearchVersionsAsync(new VersionSearch("tags.team = 'b' and metrics.auc > 2"), Ct);

        Assert.Equal((0, 0L, false, null), (page.Items.Count, page.TotalCount, page.TotalCountIsLowerBound, page.NextPageToken));
    }
}
