using Modelplane.Registry.InferenceLog;
using static Modelplane.Registry.Tests.InferenceLog.InferenceLogTestData;

namespace Modelplane.Registry.Tests.InferenceLog;

public sealed class SqliteInferenceLogStoreRetentionTests : IDisposable
{
    private readonly InferenceLogTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task DeleteOlderThanAsync_OldRecords_DeletesThemAndTheirLabelsOnly()
    {
        var store = _data.Store;
        await store.AppendAsync(
            [Record("old", 1), Record("shadowed", 2), Record("shadowed", 20, route: "shadowed"), Record("new", 30), Record("old", 1, endpoint: "fraud")],
            Ct);
        await store.AddLabelsAsync(
            "churn",
            [new GroundTruth("old", "1", T0), new GroundTruth("shadowed", "2", T0), new GroundTruth("new", "3", T0), new GroundTruth("early", "4", T0)],
            Ct);
        await store.AddLabelsAsync("fraud", [new GroundTruth("old", "5", T0)], Ct);

        var deleted = await store.DeleteOlderThanAsync("churn", T0.AddSeconds(10), Ct);

        Assert.Equal(2, deleted);
        Assert.Equal(["new", "shadowed"], (await store.QueryAsync(new InferenceLogQuery("churn"), Ct)).Select(r => r.RequestId));
        Assert.Equal(["3", "2"], (await store.LabeledAsync("churn", T0, Ct)).Select(p => p.Label));
        Assert.Equal(1, await store.CountAsync("fraud", Ct));
        Assert.Equal("5", Assert.Single(await store.LabeledAsync("fraud", T0, Ct)).Label);

        // The deleted request's label is gone (a record logged again under its id joins nothing); the label given
        // before its prediction was logged survives and joins when the prediction arrives.
        await store.AppendAsync([Record("early", 40), Record("old", 50)], Ct);
        Assert.Equal(["4", "3", "2"], (await store.LabeledAsync("churn", T0, Ct)).Select(p => p.Label));
    }

    [Fact]
    public async Task DeleteOlderThanAsync_NothingOlder_DeletesNothing()
    {
        await _data.Store.AppendAsync([Record("a", 5)], Ct);

        Assert.Equal(0, await _data.Store.DeleteOlderThanAsync("churn", T0.AddSeconds(5), Ct));
        Assert.Equal(1, await _data.Store.CountAsync("churn", Ct));
    }
}
