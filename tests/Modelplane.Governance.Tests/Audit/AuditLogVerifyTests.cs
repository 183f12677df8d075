using Modelplane.Governance.Audit;

namespace Modelplane.Governance.Tests.Audit;

public sealed class AuditLogVerifyTests
{
    private const string DropTriggers = "DROP TRIGGER audit_records_no_update; DROP TRIGGER audit_records_no_delete;";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task VerifyAsync_EmptyChain_IsOkWithZeroRecords()
    {
        await using var store = await AuditStore.CreateAsync();

        Assert.Equal(new AuditVerification(true, 0, null, null), (await store.Log.VerifyAsync("default", Ct)) with { HeadHash = null });
    }

    [Fact]
    public async Task VerifyAsync_IntactChain_IsOkWithCount()
    {
        await using var store = await AuditStore.CreateAsync();
        await store.AppendManyAsync(5);

        Assert.Equal(new AuditVerification(true, 5, null, null), (await store.Log.VerifyAsync("default", Ct)) with { HeadHash = null });
    }

    [Fact]
    public async Task VerifyAsync_IntactChain_HeadIsTheNewestRecordsHash()
    {
        await using var store = await AuditStore.CreateAsync();
        var records = await store.AppendManyAsync(3);

        Assert.Equal(records[2].Hash, (await store.Log.VerifyAsync("default", Ct)).HeadHash);
    }

    [Fact]
    public async Task VerifyAsync_NewestRecordsRemoved_OnlyAWitnessedHeadShowsIt()
    {
        await using var store = await AuditStore.CreateAsync();
        var records = await store.AppendManyAsync(5);
        var head = new AuditHead(5, records[4].Hash);
        await store.ExecuteAsync(DropTriggers + "DELETE FROM audit_records WHERE seq >= 4;");

        var alone = await store.Log.VerifyAsync("default", Ct);
        var witnessed = await store.Log.VerifyAsync("default", Ct, head);

        Assert.True(alone.Ok); // a shorter chain is still a chain
        Assert.Equal((false, 3L, (long?)4), (witnessed.Ok, witnessed.RecordsChecked, witnessed.BrokenAt));
        Assert.Equal("the chain ends at record 3 but record 5 was witnessed: records 4 to 5 were removed.", witnessed.Problem);
    }

    [Fact]
    public async Task VerifyAsync_WitnessedHashDiffers_ReportsARewrite()
    {
        await using var store = await AuditStore.CreateAsync();
        var records = await store.AppendManyAsync(4);

        var result = await store.Log.VerifyAsync("default", Ct, new AuditHead(3, new string('a', 64)));

        Assert.Equal((false, (long?)3), (result.Ok, result.BrokenAt));
        Assert.Equal($"record 3 hashes to {records[2].Hash}, not {new string('a', 64)} as witnessed: the chain was rewritten from there on.", result.Problem);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("0:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("-1:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("5:xyz")]
    [InlineData("5:aaaa:bbbb")]
    public void AuditHead_Malformed_IsRefused(string text) => Assert.False(AuditHead.TryParse(text, out _));

    [Fact]
    public async Task VerifyAsync_EditedField_NamesTheEditedRecord()
    {
        await using var store = await AuditStore.CreateAsync();
        var records = await store.AppendManyAsync(5);
        await store.ExecuteAsync(DropTriggers + "UPDATE audit_records SET actor = 'mallory' WHERE seq = 3;");

        var result = await store.Log.VerifyAsync("default", Ct);

        Assert.Equal((false, 2L, (long?)3), (result.Ok, result.RecordsChecked, result.BrokenAt));
        Assert.Contains("record 3 was changed after it was written", result.Problem, StringComparison.Ordinal);
        Assert.Contains($"it stores {records[2].Hash}", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_EditedStatus_NamesTheEditedRecord()
    {
        await using var store = await AuditStore.CreateAsync();
        await store.AppendManyAsync(4);
        await store.ExecuteAsync(DropTriggers + "UPDATE audit_records SET status = 403, outcome = 'denied' WHERE seq = 4;");

        var result = await store.Log.VerifyAsync("default", Ct);

        Assert.Equal((false, (long?)4), (result.Ok, result.BrokenAt));
    }

    [Fact]
    public async Task VerifyAsync_DeletedRecord_ReportsTheGap()
    {
        await using var store = await AuditStore.CreateAsync();
        await store.AppendManyAsync(5);
        await store.ExecuteAsync(DropTriggers + "DELETE FROM audit_records WHERE seq = 2;");

        var result = await store.Log.VerifyAsync("default", Ct);

        Assert.Equal((false, 1L, (long?)2), (result.Ok, result.RecordsChecked, result.BrokenAt));
        Assert.Equal("record 2 is missing: the chain jumps from record 1 to record 3 (deleted?).", result.Problem);
    }

    [Fact]
    public async Task VerifyAsync_ChangedPrevHash_NamesTheRecord()
    {
        await using var store = await AuditStore.CreateAsync();
        var records = await store.AppendManyAsync(5);
        await store.ExecuteAsync(DropTriggers + "UPDATE audit_records SET prev_hash = zeroblob(32) WHERE seq = 4;");

        var result = await store.Log.VerifyAsync("default", Ct);

        Assert.Equal((false, 3L, (long?)4), (result.Ok, result.RecordsChecked, result.BrokenAt));
        Assert.Equal($"record 4's prev_hash {new string('0', 64)} is not record 3's hash {records[2].Hash}.", result.Problem);
    }

    [Fact]
    public async Task VerifyAsync_RecordRehashedAfterEdit_BreaksTheNextLink()
    {
        // A forger who also recomputes the edited record's hash still breaks the link to the record after it.
        await using var store = await AuditStore.CreateAsync();
        await store.AppendManyAsync(3);
        await store.ExecuteAsync(DropTriggers + "UPDATE audit_records SET hash = randomblob(32) WHERE seq = 2;");

        var result = await store.Log.VerifyAsync("default", Ct);

        Assert.Equal((false, (long?)2), (result.Ok, result.BrokenAt));
    }

    [Fact]
    public async Task VerifyAsync_TamperedOtherWorkspace_LeavesThisChainOk()
    {
        await using var store = await AuditStore.CreateAsync();
        await store.AppendManyAsync(2, "team-a");
        await store.AppendManyAsync(2, "team-b");
        await store.ExecuteAsync(DropTriggers + "UPDATE audit_records SET actor = 'x' WHERE workspace = 'team-b' AND seq = 1;");

        Assert.True((await store.Log.VerifyAsync("team-a", Ct)).Ok);
        Assert.Equal(1, (await store.Log.VerifyAsync("team-b", Ct)).BrokenAt);
    }
}
