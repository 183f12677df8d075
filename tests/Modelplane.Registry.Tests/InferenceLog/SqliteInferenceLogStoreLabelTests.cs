using Modelplane.Registry.InferenceLog;
using Modelplane.Registry.Models;
using static Modelplane.Registry.Tests.InferenceLog.InferenceLogTestData;

namespace Modelplane.Registry.Tests.InferenceLog;

public sealed class SqliteInferenceLogStoreLabelTests : IDisposable
{
    private readonly InferenceLogTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task AddLabelsAsync_LoggedAndUnloggedRequests_StoresAllAndCountsMatches()
    {
        await _data.Store.AppendAsync([Record("a"), Record("b"), Record("c", endpoint: "fraud")], Ct);

        var result = await _data.Store.AddLabelsAsync(
            "churn", [new GroundTruth("a", "1", T0), new GroundTruth("b", "0", T0), new GroundTruth("c", "1", T0)], Ct);

        Assert.Equal(new LabelResult(3, 2, 1), result);
    }

    [Fact]
    public async Task AddLabelsAsync_LabelBeforePrediction_JoinsOnceThePredictionIsLogged()
    {
        var result = await _data.Store.AddLabelsAsync("churn", [new GroundTruth("late", "\"churned\"", T0.AddMinutes(5))], Ct);
        await _data.Store.AppendAsync([Record("late", 7)], Ct);

        var labeled = Assert.Single(await _data.Store.LabeledAsync("churn", T0, Ct));

        Assert.Equal(new LabelResult(1, 0, 1), result);
        Assert.Equal(Record("late", 7), labeled.Record);
        Assert.Equal("\"churned\"", labeled.Label);
        Assert.Equal(T0.AddMinutes(5), labeled.LabeledAt);
    }

    [Fact]
    public async Task AddLabelsAsync_SecondLabelForRequest_ReplacesTheFirst()
    {
        await _data.Store.AppendAsync([Record("a")], Ct);
        await _data.Store.AddLabelsAsync("churn", [new GroundTruth("a", "1", T0)], Ct);

        var result = await _data.Store.AddLabelsAsync("churn", [new GroundTruth("a", "[0,1]", T0.AddHours(1))], Ct);

        var labeled = Assert.Single(await _data.Store.LabeledAsync("churn", T0, Ct));
        Assert.Equal(new LabelResult(1, 1, 0), result);
        Assert.Equal("[0,1]", labeled.Label);
        Assert.Equal(T0.AddHours(1), labeled.LabeledAt);
    }

    [Fact]
    public async Task LabeledAsync_Since_JoinsOnlyLabeledRecordsServedSinceNewestFirst()
    {
        await _data.Store.AppendAsync([Record("before", 1), Record("unlabeled", 5), Record("x", 6), Record("y", 7)], Ct);
        await _data.Store.AddLabelsAsync(
            "churn", [new GroundTruth("before", "0", T0), new GroundTruth("x", "1", T0), new GroundTruth("y", "2", T0)], Ct);

        var labeled = await _data.Store.LabeledAsync("churn", T0.AddSeconds(5), Ct);

        Assert.Equal(["y", "x"], labeled.Select(p => p.Record.RequestId));
        Assert.Equal(["2", "1"], labeled.Select(p => p.Label));
    }

    [Fact]
    public async Task AddLabelsAsync_LabelWithoutRequestId_ThrowsValidationAndStoresNothing()
    {
        await _data.Store.AppendAsync([Record("a")], Ct);

        await Assert.ThrowsAsync<RegistryValidationException>(
            () => _data.Store.AddLabelsAsync("churn", [new GroundTruth("a", "1", T0), new GroundTruth("", "1", T0)], Ct));

        Assert.Empty(await _data.Store.LabeledAsync("churn", T0, Ct));
    }

    [Fact]
    public async Task AddLabelsAsync_Empty_StoresNothing()
    {
        Assert.Equal(new LabelResult(0, 0, 0), await _data.Store.AddLabelsAsync("churn", [], Ct));
    }
}
