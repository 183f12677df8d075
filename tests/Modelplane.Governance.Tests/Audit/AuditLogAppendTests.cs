using Microsoft.Data.Sqlite;
using Modelplane.Governance.Audit;

namespace Modelplane.Governance.Tests.Audit;

public sealed class AuditLogAppendTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppendRecordAsync_FirstRecord_HasSeqOneAndZeroPrevHash()
    {
        await using var store = await AuditStore.CreateAsync();

        var record = await store.AppendAsync(AuditStore.Entry());

        Assert.Equal(1, record.Seq);
        Assert.Equal(new string('0', 64), record.PrevHash);
        Assert.Equal(store.Time.GetUtcNow(), record.Time);
        Assert.Matches("^[0-9a-f]{64}$", record.Hash);
    }

    [Fact]
    public async Task AppendRecordAsync_SecondRecord_LinksToFirstRecordsHash()
    {
        await using var store = await AuditStore.CreateAsync();

        var first = await store.AppendAsync(AuditStore.Entry());
        var second = await store.AppendAsync(AuditStore.Entry(outcome: AuditOutcome.Failed, status: 400));

        Assert.Equal(2, second.Seq);
        Assert.Equal(first.Hash, second.PrevHash);
        Assert.NotEqual(first.Hash, second.Hash);
    }

    [Fact]
    public async Task AppendRecordAsync_TwoWorkspaces_KeepIndependentChains()
    {
        await using var store = await AuditStore.CreateAsync();

        await store.AppendManyAsync(3, "team-a");
        var firstOfB = await store.AppendAsync(AuditStore.Entry("team-b"));
        var fourthOfA = await store.AppendAsync(AuditStore.Entry("team-a"));

        Assert.Equal((1L, new string('0', 64)), (firstOfB.Seq, firstOfB.PrevHash));
        Assert.Equal(4, fourthOfA.Seq);
        Assert.Equal(new AuditVerification(true, 4, null, null), (await store.Log.VerifyAsync("team-a", Ct)) with { HeadHash = null });
        Assert.Equal(new AuditVerification(true, 1, null, null), (await store.Log.VerifyAsync("team-b", Ct)) with { HeadHash = null });
    }

    [Fact]
    public async Task AppendRecordAsync_ConcurrentAppends_GiveGapFreeChainThatVerifies()
    {
        await using var store = await AuditStore.CreateAsync();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(task => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await store.AppendAsync(AuditStore.Entry(actor: $"task{task}", target: $"POST /x/{i}"));
            }
        }, Ct)));

        var seqs = new List<long>();
        await foreach (var record in store.Log.ReadAllAsync(new AuditFilter("default"), Ct))
        {
            seqs.Add(record.Seq);
        }

        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), seqs);
        Assert.Equal(new AuditVerification(true, 400, null, null), (await store.Log.VerifyAsync("default", Ct)) with { HeadHash = null });
    }

    [Fact]
    public async Task AppendRecordAsync_EmptyActor_ThrowsAndWritesNothing()
    {
        await using var store = await AuditStore.CreateAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(AuditStore.Entry(actor: "")));

        Assert.Equal(new AuditVerification(true, 0, null, null), (await store.Log.VerifyAsync("default", Ct)) with { HeadHash = null });
    }

    [Fact]
    public async Task Update_WithTriggerInPlace_IsRefused()
    {
        await using var store = await AuditStore.CreateAsync();
        await store.AppendAsync(AuditStore.Entry());

        var error = await Assert.ThrowsAsync<SqliteException>(() => store.ExecuteAsync("UPDATE audit_records SET actor = 'mallory'"));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.True((await store.Log.VerifyAsync("default", Ct)).Ok);
    }

    [Fact]
    public async Task Delete_WithTriggerInPlace_IsRefused()
    {
        await using var store = await AuditStore.CreateAsync();
        await store.AppendAsync(AuditStore.Entry());

        var error = await Assert.ThrowsAsync<SqliteException>(() => store.ExecuteAsync("DELETE FROM audit_records"));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await store.Log.VerifyAsync("default", Ct)).RecordsChecked);
    }
}
