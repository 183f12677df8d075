using Modelplane.Governance.Audit;

namespace Modelplane.Governance.Tests.Audit;

public sealed class AuditLogQueryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<AuditStore> SeededAsync()
    {
        var store = await AuditStore.CreateAsync();
        await store.AppendAsync(AuditStore.Entry(actor: "ana", action: "CreateEndpoint", target: "POST /api/v1/endpoints", outcome: AuditOutcome.Started, status: null));
        store.Time.Advance(TimeSpan.FromMinutes(1));
        await store.AppendAsync(AuditStore.Entry(actor: "ana", action: "CreateEndpoint", target: "POST /api/v1/endpoints", outcome: AuditOutcome.Succeeded));
        store.Time.Advance(TimeSpan.FromMinutes(1));
        await store.AppendAsync(AuditStore.Entry(actor: "bo", action: "SetModelAlias", target: "PUT /api/v1/models/churn/aliases/prod", outcome: AuditOutcome.Denied, status: 403));
        store.Time.Advance(TimeSpan.FromMinutes(1));
        await store.AppendAsync(AuditStore.Entry(actor: "bo", action: "DeleteModelAlias", target: "DELETE /api/v1/models/churn/aliases/prod", outcome: AuditOutcome.Failed, status: 404));
        await store.AppendAsync(AuditStore.Entry("other", actor: "ana"));
        return store;
    }

    private static async Task<long[]> SeqsAsync(AuditStore store, AuditFilter filter) =>
        (await store.Log.QueryAsync(filter, AuditLog.DefaultLimit, null, Ct)).Records.Select(r => r.Seq).ToArray();

    [Fact]
    public async Task QueryAsync_NoFilter_ReturnsOnlyTheWorkspaceNewestFirst()
    {
        await using var store = await SeededAsync();

        Assert.Equal(new long[] { 4, 3, 2, 1 }, await SeqsAsync(store, new AuditFilter("default")));
    }

    [Fact]
    public async Task QueryAsync_Actor_MatchesExactly()
    {
        await using var store = await SeededAsync();

        Assert.Equal(new long[] { 4, 3 }, await SeqsAsync(store, new AuditFilter("default", Actor: "bo")));
    }

    [Fact]
    public async Task QueryAsync_Target_MatchesSubstring()
    {
        await using var store = await SeededAsync();

        Assert.Equal(new long[] { 4, 3 }, await SeqsAsync(store, new AuditFilter("default", Target: "models/churn")));
    }

    [Fact]
    public async Task QueryAsync_TargetWithLikeWildcard_MatchesLiterally()
    {
        await using var store = await SeededAsync();

        Assert.Empty(await SeqsAsync(store, new AuditFilter("default", Target: "%")));
    }

    [Fact]
    public async Task QueryAsync_ActionAndOutcome_Combine()
    {
        await using var store = await SeededAsync();

        Assert.Equal(new long[] { 2 }, await SeqsAsync(store, new AuditFilter("default", Action: "CreateEndpoint", Outcome: AuditOutcome.Succeeded)));
    }

    [Fact]
    public async Task QueryAsync_SinceInclusiveUntilExclusive_SelectsTheWindow()
    {
        await using var store = await SeededAsync();
        var start = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(new long[] { 3, 2 }, await SeqsAsync(store, new AuditFilter("default", Since: start.AddMinutes(1), Until: start.AddMinutes(3))));
    }

    [Fact]
    public async Task QueryAsync_Pages_CoverEveryRecordOnce()
    {
        await using var store = await SeededAsync();

        var first = await store.Log.QueryAsync(new AuditFilter("default"), 3, null, Ct);
        var second = await store.Log.QueryAsync(new AuditFilter("default"), 3, first.NextPageToken, Ct);

        Assert.Equal([4L, 3, 2], first.Records.Select(r => r.Seq));
        Assert.Equal([1L], second.Records.Select(r => r.Seq));
        Assert.Null(second.NextPageToken);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task QueryAsync_LimitOutOfRange_Throws(int limit)
    {
        await using var store = await AuditStore.CreateAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.Log.QueryAsync(new AuditFilter("default"), limit, null, Ct));
    }

    [Fact]
    public async Task QueryAsync_ForgedPageToken_ThrowsFormatException()
    {
        await using var store = await AuditStore.CreateAsync();

        await Assert.ThrowsAsync<FormatException>(() => store.Log.QueryAsync(new AuditFilter("default"), 10, "1 OR 1=1", Ct));
    }
}
