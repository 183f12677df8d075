using Modelplane.Registry.Models;
using Modelplane.Registry.Storage;
using Modelplane.Registry.Tests.Storage;
using Modelplane.Registry.Tracking;
using Modelplane.Registry.Tracking.Search;

namespace Modelplane.Registry.Tests.Tracking;

/// <summary>The behaviour every <see cref="ITrackingStore"/> backend must show.</summary>
public abstract class TrackingStoreContractTests<TFixture> : MetadataStoreTestBase<TFixture>
    where TFixture : IMetadataStoreFixture, new()
{
    private ITrackingStore Tracking => Store.Tracking;

    [Fact]
    public async Task GetExperimentAsync_Zero_ReturnsDefaultExperiment()
    {
        var experiment = await Tracking.GetExperimentAsync("0", Ct);

        Assert.Equal(("Default", LifecycleStages.Active), (experiment!.Name, experiment.LifecycleStage));
    }

    [Fact]
    public async Task CreateExperimentAsync_New_AssignsNextNumericIdAndStampsClock()
    {
        var now = Fixture.Time.GetUtcNow().ToUnixTimeMilliseconds();

        var first = await Tracking.CreateExperimentAsync("a", null, [new TrackingTag("k", "v")], Ct);
        var second = await Tracking.CreateExperimentAsync("b", "s3://bucket/b", [], Ct);

        Assert.Equal(("1", "2"), (first, second));
        Assert.Equal(
            new Experiment("1", "a", "mlflow-artifacts:/1", LifecycleStages.Active, now, now, [new TrackingTag("k", "v")]),
            await Tracking.GetExperimentAsync(first, Ct) is { } e ? e with { Tags = [.. e.Tags] } : null,
            new ExperimentComparer());
        Assert.Equal("s3://bucket/b", (await Tracking.GetExperimentByNameAsync("b", Ct))!.ArtifactLocation);
    }

    [Fact]
    public async Task CreateExperimentAsync_TakenNameEvenIfDeleted_ThrowsConflict()
    {
        var id = await Tracking.CreateExperimentAsync("taken", null, [], Ct);
        await Tracking.SetExperimentLifecycleAsync(id, LifecycleStages.Deleted, Ct);

        var error = await Assert.ThrowsAsync<ResourceConflictException>(() => Tracking.CreateExperimentAsync("taken", null, [], Ct));

        Assert.Equal("Experiment(name=taken) already exists.", error.Message);
    }

    [Fact]
    public async Task RenameExperimentAsync_ToTakenName_ThrowsConflictAndKeepsName()
    {
        var id = await Tracking.CreateExperimentAsync("one", null, [], Ct);
        await Tracking.CreateExperimentAsync("two", null, [], Ct);

        await Assert.ThrowsAsync<ResourceConflictException>(() => Tracking.RenameExperimentAsync(id, "two", Ct));

        Assert.Equal("one", (await Tracking.GetExperimentAsync(id, Ct))!.Name);
    }

    [Fact]
    public async Task SetExperimentLifecycleAsync_Deleted_DeletesItsRunsAndRestoreBringsThemBack()
    {
        var id = await Tracking.CreateExperimentAsync("e", null, [], Ct);
        var run = await Tracking.CreateRunAsync(new NewRun(id, "r", "u", 1, []), Ct);

        await Tracking.SetExperimentLifecycleAsync(id, LifecycleStages.Deleted, Ct);
        var deleted = (await Tracking.GetRunAsync(run.Info.RunId, Ct))!.Info.LifecycleStage;
        await Tracking.SetExperimentLifecycleAsync(id, LifecycleStages.Active, Ct);

        Assert.Equal(LifecycleStages.Deleted, deleted);
        Assert.Equal(LifecycleStages.Active, (await Tracking.GetRunAsync(run.Info.RunId, Ct))!.Info.LifecycleStage);
    }

    [Fact]
    public async Task CreateRunAsync_DeletedExperiment_ThrowsValidation()
    {
        var id = await Tracking.CreateExperimentAsync("e", null, [], Ct);
        await Tracking.SetExperimentLifecycleAsync(id, LifecycleStages.Deleted, Ct);

        var error = await Assert.ThrowsAsync<RegistryValidationException>(() => Tracking.CreateRunAsync(new NewRun(id, null, null, null, []), Ct));

        Assert.Contains("must be in the 'active' state", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRunAsync_NoName_GeneratesOneAndMirrorsItInRunNameTag()
    {
        var run = await Tracking.CreateRunAsync(new NewRun("0", null, null, null, []), Ct);

        Assert.Matches("^[a-z]+-[a-z]+-[0-9]+$", run.Info.RunName);
        Assert.Equal([new TrackingTag("mlflow.runName", run.Info.RunName)], run.Data.Tags);
        Assert.Equal(Fixture.Time.GetUtcNow().ToUnixTimeMilliseconds(), run.Info.StartTime);
    }

    [Fact]
    public async Task LogBatchAsync_ChangedParam_ThrowsAndStoresNothingOfTheBatch()
    {
        var runId = (await Tracking.CreateRunAsync(new NewRun("0", "r", null, 1, []), Ct)).Info.RunId;
        await Tracking.LogBatchAsync(runId, RunBatch.OfParam(new TrackingTag("lr", "0.1")), Ct);

        await Assert.ThrowsAsync<RegistryValidationException>(() => Tracking.LogBatchAsync(
            runId, new RunBatch([new Metric("m", 1, 1, 0)], [new TrackingTag("lr", "0.2")], [new TrackingTag("t", "v")]), Ct));

        var data = (await Tracking.GetRunAsync(runId, Ct))!.Data;
        Assert.Empty(data.Metrics);
        Assert.Equal([new TrackingTag("lr", "0.1")], data.Params);
        Assert.DoesNotContain(data.Tags, t => t.Key == "t");
    }

    [Fact]
    public async Task LogBatchAsync_NaNAndInfinities_RoundTripAndHistoryKeepsAll()
    {
        var runId = (await Tracking.CreateRunAsync(new NewRun("0", "r", null, 1, []), Ct)).Info.RunId;

        await Tracking.LogBatchAsync(runId, new RunBatch(
            [new Metric("m", double.NaN, 1, 0), new Metric("m", double.PositiveInfinity, 2, 1), new Metric("n", double.NegativeInfinity, 1, 0)], [], []), Ct);

        var history = await Tracking.GetMetricHistoryAsync(runId, "m", 10, null, Ct);
        Assert.Equal([double.NaN, double.PositiveInfinity], history.Items.Select(m => m.Value));
        Assert.Equal([new Metric("m", double.PositiveInfinity, 2, 1), new Metric("n", double.NegativeInfinity, 1, 0)], (await Tracking.GetRunAsync(runId, Ct))!.Data.Metrics);
    }

    [Fact]
    public async Task LogBatchAsync_OlderStepAfterNewer_KeepsHighestStepAsLatest()
    {
        var runId = (await Tracking.CreateRunAsync(new NewRun("0", "r", null, 1, []), Ct)).Info.RunId;

        await Tracking.LogBatchAsync(runId, RunBatch.Of(new Metric("loss", 0.2, 10, 5)), Ct);
        await Tracking.LogBatchAsync(runId, RunBatch.Of(new Metric("loss", 0.9, 20, 1)), Ct);

        Assert.Equal([new Metric("loss", 0.2, 10, 5)], (await Tracking.GetRunAsync(runId, Ct))!.Data.Metrics);
    }

    [Fact]
    public async Task LogBatchAsync_RunNameTag_RenamesRun()
    {
        var runId = (await Tracking.CreateRunAsync(new NewRun("0", "before", null, 1, []), Ct)).Info.RunId;

        await Tracking.LogBatchAsync(runId, RunBatch.OfTag(new TrackingTag("mlflow.runName", "after")), Ct);

        Assert.Equal("after", (await Tracking.GetRunAsync(runId, Ct))!.Info.RunName);
    }

    [Fact]
    public async Task LogInputsAsync_SameDatasetTwice_StoresOneInputWithLatestTags()
    {
        var runId = (await Tracking.CreateRunAsync(new NewRun("0", "r", null, 1, []), Ct)).Info.RunId;
        var dataset = new Dataset("iris", "d1", "local", "{}", null, null);

        await Tracking.LogInputsAsync(runId, [new DatasetInput(dataset, [new TrackingTag("ctx", "train")])], Ct);
        await Tracking.LogInputsAsync(runId, [new DatasetInput(dataset, [new TrackingTag("ctx", "eval")])], Ct);

        var input = Assert.Single((await Tracking.GetRunAsync(runId, Ct))!.Inputs);
        Assert.Equal((dataset, "eval"), (input.Dataset, input.Tags.Single().Value));
    }

    [Fact]
    public async Task SearchRunsAsync_FilterOrderAndPages_ReturnEachMatchOnce()
    {
        var id = await Tracking.CreateExperimentAsync("e", null, [], Ct);
        var runs = new List<string>();
        foreach (var i in Enumerable.Range(0, 5))
        {
            var run = await Tracking.CreateRunAsync(new NewRun(id, $"r{i}", null, 100 + i, [new TrackingTag("team", i % 2 == 0 ? "Risk" : "risk")]), Ct);
            await Tracking.LogBatchAsync(run.Info.RunId, RunBatch.Of(new Metric("auc", i / 10.0, 1, 0)), Ct);
            runs.Add(run.Info.RunId);
        }

        var pages = new List<string>();
        string? token = null;
        do
        {
            var page = await Tracking.SearchRunsAsync(new RunSearch([id], "metrics.auc >= 0.1", ["metrics.auc DESC"], MaxResults: 2, PageToken: token), Ct);
            pages.AddRange(page.Items.Select(r => r.Info.RunId));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal([runs[4], runs[3], runs[2], runs[1]], pages);
        Assert.Equal([runs[4], runs[2], runs[0]], (await Tracking.SearchRunsAsync(new RunSearch([id], "tags.team LIKE 'R%'"), Ct)).Items.Select(r => r.Info.RunId));
        Assert.Equal(5, (await Tracking.SearchRunsAsync(new RunSearch([id], "tags.team ILIKE 'r%'"), Ct)).Items.Count);
    }

    [Fact]
    public async Task SearchRunsAsync_FilterValueWithSqlText_IsMatchedLiterally()
    {
        var run = await Tracking.CreateRunAsync(new NewRun("0", "r", null, 1, [new TrackingTag("t", "x' OR 1=1 --")]), Ct);
        await Tracking.CreateRunAsync(new NewRun("0", "s", null, 1, []), Ct);

        var page = await Tracking.SearchRunsAsync(new RunSearch(["0"], "tags.t = 'x'' OR 1=1 --'"), Ct);

        Assert.Equal([run.Info.RunId], page.Items.Select(r => r.Info.RunId));
    }

    [Fact]
    public async Task SearchRunsAsync_UnknownAttribute_ThrowsNamingPosition()
    {
        var error = await Assert.ThrowsAsync<SearchFilterException>(
            () => Tracking.SearchRunsAsync(new RunSearch(["0"], "metrics.a > 1 and attributes.size = 'x'"), Ct));

        Assert.Equal(18, error.Position);
    }

    [Fact]
    public async Task SearchExperimentsAsync_TagFilter_ReturnsMatching()
    {
        var risk = await Tracking.CreateExperimentAsync("risk", null, [new TrackingTag("team", "risk")], Ct);
        await Tracking.CreateExperimentAsync("growth", null, [new TrackingTag("team", "growth")], Ct);

        var page = await Tracking.SearchExperimentsAsync(new ExperimentSearch("tags.team = 'risk'"), Ct);

        Assert.Equal([risk], page.Items.Select(e => e.ExperimentId));
    }

    [Fact]
    public async Task ReopenAsync_AfterLogging_KeepsRunsAndMetrics()
    {
        var runId = (await Tracking.CreateRunAsync(new NewRun("0", "r", null, 1, []), Ct)).Info.RunId;
        await Tracking.LogBatchAsync(runId, RunBatch.Of(new Metric("m", 2.5, 1, 0)), Ct);

        var reopened = await Fixture.ReopenAsync(Ct);

        Assert.Equal([new Metric("m", 2.5, 1, 0)], (await reopened.Tracking.GetRunAsync(runId, Ct))!.Data.Metrics);
    }

    [Fact]
    public async Task DeleteRunTagAsync_Absent_ThrowsNotFound()
    {
        var runId = (await Tracking.CreateRunAsync(new NewRun("0", "r", null, 1, []), Ct)).Info.RunId;

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => Tracking.DeleteRunTagAsync(runId, "nope", Ct));

        Assert.Equal($"No tag with name: nope in run with id {runId}", error.Message);
    }

    private sealed class ExperimentComparer : IEqualityComparer<Experiment?>
    {
        public bool Equals(Experiment? x, Experiment? y) =>
            x is not null && y is not null && x with { Tags = [] } == y with { Tags = [] } && x.Tags.SequenceEqual(y.Tags);

        public int GetHashCode(Experiment? obj) => 0;
    }
}

public sealed class SqliteTrackingStoreTests : TrackingStoreContractTests<SqliteStoreFixture>;
