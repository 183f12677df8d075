using Modelplane.Registry.InferenceLog;
using Modelplane.Registry.Models;
using Modelplane.Registry.Storage.Sqlite.InferenceLog;
using static Modelplane.Registry.Tests.InferenceLog.InferenceLogTestData;

namespace Modelplane.Registry.Tests.InferenceLog;

public sealed class SqliteInferenceLogStoreTests : IDisposable
{
    private readonly InferenceLogTestData _data = new();

    private SqliteInferenceLogStore Store => _data.Store;

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task QueryAsync_ByEndpoint_ReturnsItsRecordsNewestFirstAsWritten()
    {
        var first = Record("r1", second: 1, caller: null, outputs: null);
        var second = Record("r2", second: 2, route: "shadowed");
        await Store.AppendAsync([first, second, Record("other", second: 3, endpoint: "fraud")], Ct);

        var rows = await Store.QueryAsync(new InferenceLogQuery("churn"), Ct);

        Assert.Equal([second, first], rows);
    }

    [Fact]
    public async Task QueryAsync_SameMillisecond_OrdersLaterAppendFirst()
    {
        await Store.AppendAsync([Record("a"), Record("b")], Ct);
        await Store.AppendAsync([Record("c")], Ct);

        var rows = await Store.QueryAsync(new InferenceLogQuery("churn"), Ct);

        Assert.Equal(["c", "b", "a"], rows.Select(r => r.RequestId));
    }

    [Fact]
    public async Task QueryAsync_VersionAndModel_FilterTheRecords()
    {
        await Store.AppendAsync(
            [Record("v1", 1, version: 1), Record("v2", 2, version: 2), Record("other-model", 3, model: "challenger", version: 2)],
            Ct);

        var version2 = await Store.QueryAsync(new InferenceLogQuery("churn", Version: 2), Ct);
        var challenger = await Store.QueryAsync(new InferenceLogQuery("churn", Model: "challenger"), Ct);

        Assert.Equal(["other-model", "v2"], version2.Select(r => r.RequestId));
        Assert.Equal(["other-model"], challenger.Select(r => r.RequestId));
    }

    [Fact]
    public async Task QueryAsync_TimeRange_IncludesSinceExcludesUntil()
    {
        await Store.AppendAsync([.. Enumerable.Range(0, 10).Select(i => Record($"r{i}", second: i))], Ct);

        var rows = await Store.QueryAsync(new InferenceLogQuery("churn", Since: T0.AddSeconds(3), Until: T0.AddSeconds(6)), Ct);

        Assert.Equal(["r5", "r4", "r3"], rows.Select(r => r.RequestId));
    }

    [Fact]
    public async Task QueryAsync_Limit_KeepsTheNewest()
    {
        await Store.AppendAsync([.. Enumerable.Range(0, 10).Select(i => Record($"r{i}", second: i))], Ct);

        var rows = await Store.QueryAsync(new InferenceLogQuery("churn", Limit: 3), Ct);

        Assert.Equal(["r9", "r8", "r7"], rows.Select(r => r.RequestId));
    }

    [Fact]
    public async Task QueryAsync_RequestId_ReturnsEveryRecordOfThatRequestOnly()
    {
        await Store.AppendAsync(
            [Record("r1", 1), Record("r2", 2, route: "split"), Record("r2", 2, version: 2, route: "shadowed"), Record("r2", 3, endpoint: "fraud")],
            Ct);

        var rows = await Store.QueryAsync(new InferenceLogQuery("churn", RequestId: "r2"), Ct);

        Assert.Equal(["shadowed", "split"], rows.Select(r => r.Route));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100_001)]
    public async Task QueryAsync_LimitOutOfRange_ThrowsValidationNamingTheLimit(int limit)
    {
        var e = await Assert.ThrowsAsync<RegistryValidationException>(() => Store.QueryAsync(new InferenceLogQuery("churn", Limit: limit), Ct));

        Assert.Equal($"The limit must be from 1 to 100000; {limit} was given.", e.Message);
    }

    [Fact]
    public async Task QueryAsync_NoEndpoint_ThrowsValidation()
    {
        var e = await Assert.ThrowsAsync<RegistryValidationException>(() => Store.QueryAsync(new InferenceLogQuery(" "), Ct));

        Assert.Contains("endpoint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryAsync_UntilBeforeSince_ThrowsValidation()
    {
        var query = new InferenceLogQuery("churn", Since: T0, Until: T0.AddSeconds(-1));

        var e = await Assert.ThrowsAsync<RegistryValidationException>(() => Store.QueryAsync(query, Ct));

        Assert.Equal("'until' is before 'since'.", e.Message);
    }

    [Fact]
    public async Task CountAsync_CountsOnlyThatEndpoint()
    {
        await Store.AppendAsync([Record("a"), Record("b"), Record("c", endpoint: "fraud")], Ct);

        Assert.Equal(2, await Store.CountAsync("churn", Ct));
        Assert.Equal(1, await Store.CountAsync("fraud", Ct));
        Assert.Equal(0, await Store.CountAsync("none", Ct));
    }

    [Fact]
    public async Task DeleteEndpointAsync_RemovesItsRecordsAndLabelsOnly()
    {
        await Store.AppendAsync([Record("a"), Record("a", endpoint: "fraud")], Ct);
        await Store.AddLabelsAsync("churn", [new GroundTruth("a", "1", T0)], Ct);
        await Store.AddLabelsAsync("fraud", [new GroundTruth("a", "0", T0)], Ct);

        await Store.DeleteEndpointAsync("churn", Ct);

        Assert.Equal(0, await Store.CountAsync("churn", Ct));
        Assert.Empty(await Store.LabeledAsync("churn", T0, Ct));
        Assert.Equal("0", Assert.Single(await Store.LabeledAsync("fraud", T0, Ct)).Label);
    }

    [Fact]
    public async Task Open_SameDirectoryAgain_KeepsRecordsAndLabels()
    {
        await Store.AppendAsync([Record("a", 1), Record("b", 2)], Ct);
        await Store.AddLabelsAsync("churn", [new GroundTruth("a", "true", T0)], Ct);

        var reopened = SqliteInferenceLogStore.Open(_data.Directory.Path, _data.Time);

        Assert.True(File.Exists(Path.Combine(_data.Directory.Path, "inference-log.db")));
        Assert.Equal(["b", "a"], (await reopened.QueryAsync(new InferenceLogQuery("churn"), Ct)).Select(r => r.RequestId));
        Assert.Equal("true", Assert.Single(await reopened.LabeledAsync("churn", T0, Ct)).Label);
    }

    [Fact]
    public async Task AppendAsync_EmptyBatch_StoresNothing()
    {
        await Store.AppendAsync([], Ct);

        Assert.Equal(0, await Store.CountAsync("churn", Ct));
    }
}
