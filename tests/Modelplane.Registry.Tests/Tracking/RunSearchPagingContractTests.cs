using Modelplane.Registry.Models;
using Modelplane.Registry.Tests.Storage;
using Modelplane.Registry.Tracking;

namespace Modelplane.Registry.Tests.Tracking;

/// <summary>runs/search pages in MLflow's default order (start time newest first, then run id), whichever way a backend reads them.</summary>
public abstract class RunSearchPagingContractTests<TFixture> : MetadataStoreTestBase<TFixture>
    where TFixture : IMetadataStoreFixture, new()
{
    private const int Runs = 30;

    private ITrackingStore Tracking => Store.Tracking;

    // 30 runs over two experiments; start times repeat in pairs so the run id breaks ties; every 5th run has no auc.
    private async Task<(string[] Experiments, List<(string Id, long Start, string Team, double? Auc)> Runs)> SeedAsync()
    {
        string[] experiments = [await Tracking.CreateExperimentAsync("a", null, [], Ct), await Tracking.CreateExperimentAsync("b", null, [], Ct)];
        var runs = new List<(string, long, string, double?)>();
        for (var i = 0; i < Runs; i++)
        {
            var start = 1_000 + (i / 2);
            var team = i % 4 == 0 ? "a" : "b";
            var run = await Tracking.CreateRunAsync(new NewRun(experiments[i % 2], $"r{i}", null, start, [new TrackingTag("team", team)]), Ct);
            double? auc = i % 5 == 0 ? null : ((i * 7) % Runs) / (double)Runs;
            if (auc is { } value)
            {
                await Tracking.LogBatchAsync(run.Info.RunId, RunBatch.Of(new Metric("auc", value, 1, 0)), Ct);
            }

            runs.Add((run.Info.RunId, start, team, auc));
        }

        return (experiments, runs);
    }

    private async Task<List<string>> WalkAsync(string[] experiments, string? filter, int size, Func<Task>? betweenPages = null)
    {
        var walked = new List<string>();
        string? token = null;
        do
        {
            var page = await Tracking.SearchRunsAsync(new RunSearch(experiments, filter, MaxResults: size, PageToken: token), Ct);
            Assert.True(page.Items.Count <= size);
            walked.AddRange(page.Items.Select(r => r.Info.RunId));
            token = page.NextPageToken;
            if (betweenPages is not null)
            {
                await betweenPages();
            }
        }
        while (token is not null);

        return walked;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("metrics.auc > 0.3")]
    [InlineData("tags.team = 'a'")]
    [InlineData("tags.team = 'b' and metrics.auc <= 0.5")]
    public async Task SearchRunsAsync_DefaultOrderPagesOfAnySize_ReturnEveryMatchNewestFirst(string? filter)
    {
        var (experiments, runs) = await SeedAsync();
        Func<(string Id, long Start, string Team, double? Auc), bool> matches = filter switch
        {
            null => _ => true,
            "metrics.auc > 0.3" => r => r.Auc > 0.3,
            "tags.team = 'a'" => r => r.Team == "a",
            _ => r => r.Team == "b" && r.Auc <= 0.5,
        };
        var expected = runs.Where(matches).OrderByDescending(r => r.Start).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Id).ToList();

        foreach (var size in new[] { 1, 4, Runs })
        {
            Assert.Equal(expected, await WalkAsync(experiments, filter, size));
        }
    }

    [Fact]
    public async Task SearchRunsAsync_RunsCreatedBetweenPages_NeitherRepeatNorSkip()
    {
        var (experiments, runs) = await SeedAsync();
        var expected = runs.OrderByDescending(r => r.Start).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Id).ToList();
        var added = 0;

        // Each new run starts after every seeded one, so it sorts before the cursor: an offset token would repeat a run.
        var walked = await WalkAsync(experiments, null, 4, async () =>
            await Tracking.CreateRunAsync(new NewRun(experiments[0], $"late{added}", null, 5_000 + added++, []), Ct));

        Assert.Equal(expected, walked);
        Assert.Equal(Runs / 4 + 1, added);
    }

    [Fact]
    public async Task SearchRunsAsync_TokenFromOrderedSearchInDefaultOrder_ThrowsValidation()
    {
        var (experiments, _) = await SeedAsync();
        var token = (await Tracking.SearchRunsAsync(new RunSearch(experiments, null, ["metrics.auc DESC"], MaxResults: 2), Ct)).NextPageToken;

        var error = await Assert.ThrowsAsync<RegistryValidationException>(
            () => Tracking.SearchRunsAsync(new RunSearch(experiments, null, MaxResults: 2, PageToken: token), Ct));

        Assert.Equal($"Invalid page token '{token}'.", error.Message);
    }

    [Fact]
    public async Task SearchRunsAsync_DefaultOrderTokenInOrderedSearch_ThrowsValidation()
    {
        var (experiments, _) = await SeedAsync();
        var token = (await Tracking.SearchRunsAsync(new RunSearch(experiments, null, MaxResults: 2), Ct)).NextPageToken;

        var error = await Assert.ThrowsAsync<RegistryValidationException>(
            () => Tracking.SearchRunsAsync(new RunSearch(experiments, null, ["metrics.auc DESC"], MaxResults: 2, PageToken: token), Ct));

        Assert.Equal($"Invalid page token '{token}'.", error.Message);
    }
}

public sealed class SqliteRunSearchPagingTests : RunSearchPagingContractTests<SqliteStoreFixture>;
