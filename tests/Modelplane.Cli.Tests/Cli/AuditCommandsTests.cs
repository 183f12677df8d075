using System.Text.Json;
using Microsoft.Data.Sqlite;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Cli.Tests.Real;
using Modelplane.Client;

namespace Modelplane.Cli.Tests.Cli;

/// <summary><c>audit verify|list</c> against the real server; each test has its own server, so tampering stays local.</summary>
public sealed class AuditCommandsTests : IAsyncLifetime
{
    private readonly RealServer _server = new();
    private readonly CliHarness _cli = new() { ClientFactory = uri => new ModelplaneClient(uri) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _server.InitializeAsync();

        // Two refused creates: four records (started and failed for each).
        using var client = new ModelplaneClient(new Uri(_server.Url));
        client.UseToken(_server.AdminToken);
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<ModelplaneApiException>(() => client.CreateEndpointAsync($"e{i}", "no-such-model", 1, Ct));
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Verify_IntactChain_ExitsZeroWithRecordCount()
    {
        var run = await _cli.RunAsync("audit", "verify", "--server", _server.Url, "--token", _server.AdminToken);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Audit chain intact: 4 records verified.", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WithTheHeadItPrinted_DetectsNewestRecordsRemovedSince()
    {
        var first = await _cli.RunAsync("audit", "verify", "--server", _server.Url, "--token", _server.AdminToken, "--json");
        var head = JsonDocument.Parse(first.Out).RootElement.GetProperty("head").GetString()!;
        Assert.StartsWith("4:", head, StringComparison.Ordinal);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_server.DataDirectory, "control.db")}"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TRIGGER audit_records_no_delete; DELETE FROM audit_records WHERE seq >= 3;";
            await command.ExecuteNonQueryAsync(Ct);
        }

        var plain = await _cli.RunAsync("audit", "verify", "--server", _server.Url, "--token", _server.AdminToken);
        var witnessed = await _cli.RunAsync("audit", "verify", "--expect-head", head, "--server", _server.Url, "--token", _server.AdminToken);
        var malformed = await _cli.RunAsync("audit", "verify", "--expect-head", "4:nothex", "--server", _server.Url, "--token", _server.AdminToken);

        Assert.Equal(ExitCodes.Success, plain.ExitCode);
        Assert.Equal(ExitCodes.AuditChainBroken, witnessed.ExitCode);
        Assert.Contains("records 3 to 4 were removed", witnessed.Out.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ApiError, malformed.ExitCode);
        Assert.Contains("expect_head must be SEQ:HASH", malformed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EditedRecord_ExitsOneNamingTheRecord()
    {
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_server.DataDirectory, "control.db")}"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TRIGGER audit_records_no_update; UPDATE audit_records SET actor = 'someone-else' WHERE seq = 2;";
            await command.ExecuteNonQueryAsync(Ct);
        }

        var run = await _cli.RunAsync("audit", "verify", "--server", _server.Url, "--token", _server.AdminToken);
        var json = await _cli.RunAsync("audit", "verify", "--server", _server.Url, "--token", _server.AdminToken, "--json");

        Assert.Equal(ExitCodes.AuditChainBroken, run.ExitCode);
        Assert.Contains("Audit chain broken at record 2 (1 records before it verified).", run.Out, StringComparison.Ordinal);
        Assert.Contains("record 2 was changed after it was written", run.Out.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.AuditChainBroken, json.ExitCode);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal((false, 2), (document.RootElement.GetProperty("ok").GetBoolean(), document.RootElement.GetProperty("broken_at").GetInt32()));
    }

    [Fact]
    public async Task List_OutcomeFilter_ShowsOnlyMatchingRecordsNewestFirst()
    {
        var run = await _cli.RunAsync("audit", "list", "--outcome", "failed", "--since", "1h", "--server", _server.Url, "--token", _server.AdminToken, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var page = JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.AuditPageDto)!;
        Assert.Equal([(4L, "failed", (int?)404), (2L, "failed", 404)], page.Records.Select(r => (r.Seq, r.Outcome, r.Status)));
    }
}
