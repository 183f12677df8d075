using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Data.Sqlite;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Governance;

/// <summary>The audit middleware on the real server: one fresh server (and control.db) per test.</summary>
public sealed class AuditMiddlewareTests : IDisposable
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;
    private readonly ModelplaneAppFactory _app = new();
    private readonly HttpClient _client;

    public AuditMiddlewareTests() => _client = _app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _client.Dispose();
        _app.Dispose();
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task CreateEndpoint_Succeeds_RecordsStartedThenSucceededWithRouteNameTargetAndSummary()
    {
        await _app.PushAsync("churn", TestModels.Linear3());

        await _app.CreateEndpointAsync("churn-prod", "churn", 1);

        var records = await RecordsAsync("action=CreateEndpoint");
        Assert.Equal(["succeeded", "started"], records.Select(r => r.Outcome));
        Assert.All(records, r => Assert.Equal(("admin", "default", "POST /api/v1/endpoints"), (r.Actor, r.Workspace, r.Target)));
        Assert.Equal(((int?)201, "endpoint churn-prod -> churn@1 (live)"), (records[0].Status, records[0].After));
        Assert.Equal(((int?)null, (string?)null), (records[1].Status, records[1].After));
        Assert.Equal(records[1].RequestId, records[0].RequestId);
        Assert.Equal(records[1].Hash, records[0].PrevHash);
    }

    [Fact]
    public async Task SetAlias_MovesAlias_RecordsBeforeAndAfter()
    {
        await _app.PushAsync("churn", TestModels.Linear3());
        await _app.PushAsync("churn", TestModels.Linear3(bias: 2));
        await PutAliasAsync(1);

        await PutAliasAsync(2);

        var moved = (await RecordsAsync("action=SetModelAlias&outcome=succeeded"))[0];
        Assert.Equal(("PUT /api/v1/models/churn/aliases/prod", "alias churn@prod -> 1", "alias churn@prod -> 2"), (moved.Target, moved.Before, moved.After));
    }

    [Fact]
    public async Task CreateEndpoint_InvalidName_RecordsStartedThenFailedWith400()
    {
        using var response = await _client.PostAsJsonAsync("/api/v1/endpoints", new CreateEndpointRequest("Bad Name!", "churn", 1), Json.CreateEndpointRequest, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var records = await RecordsAsync("action=CreateEndpoint");
        Assert.Equal([("failed", (int?)400), ("started", null)], records.Select(r => (r.Outcome, r.Status)));
    }

    [Fact]
    public async Task CreateEndpoint_AuditLogUnwritable_Answers503AndMakesNoChange()
    {
        await _app.PushAsync("churn", TestModels.Linear3());
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_app.DataDirectory, "control.db")}"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE audit_records RENAME TO audit_records_moved";
            await command.ExecuteNonQueryAsync(Ct);
        }

        using var response = await _client.PostAsJsonAsync("/api/v1/endpoints", new CreateEndpointRequest("churn-prod", "churn", 1), Json.CreateEndpointRequest, Ct);
        using var get = await _client.GetAsync("/api/v1/endpoints/churn-prod", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync(Json.ErrorDto, Ct);
        Assert.Equal("The audit log is unavailable, so the change was not made. Retry later.", error!.Error);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Infer_AndReads_WriteNoAuditRecord()
    {
        await _app.PushAsync("churn", TestModels.Linear3());
        await _app.CreateEndpointAsync("churn-prod", "churn", 1);
        var before = await RecordsAsync("");

        for (var i = 0; i < 3; i++)
        {
            using var body = new StringContent(TestModels.Request([1f, 1f, 1f]), Encoding.UTF8, "application/json");
            using var infer = await _client.PostAsync("/v2/models/churn-prod/infer", body, Ct);
            Assert.Equal(HttpStatusCode.OK, infer.StatusCode);
        }

        (await _client.GetAsync("/api/v1/endpoints", Ct)).Dispose();

        Assert.Equal(before.Select(r => r.Seq), (await RecordsAsync("")).Select(r => r.Seq));
    }

    [Fact]
    public async Task Verify_AfterChanges_ReportsIntactChainWithEveryRecord()
    {
        await _app.PushAsync("churn", TestModels.Linear3());
        await _app.CreateEndpointAsync("churn-prod", "churn", 1);

        using var response = await _client.PostAsync("/api/v1/audit/verify", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("""^\{"ok":true,"records":4,"head":"4:[0-9a-f]{64}"\}$""", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("since=yesterday", "since must be an ISO-8601 time")]
    [InlineData("until=2025-13-01", "until must be an ISO-8601 time")]
    [InlineData("outcome=maybe", "outcome must be started, succeeded, failed or denied")]
    [InlineData("limit=0", "limit must be an integer from 1 to 1000")]
    [InlineData("limit=1001", "limit must be an integer from 1 to 1000")]
    [InlineData("page_token=abc", "page_token is not a token")]
    public async Task List_BadFilter_Answers400NamingTheParameter(string query, string message)
    {
        using var response = await _client.GetAsync($"/api/v1/audit?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(message, (await response.Content.ReadFromJsonAsync(Json.ErrorDto, Ct))!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportAuditAsync_Csv_StreamsHeaderAndOneRowPerRecordOldestFirst()
    {
        await _app.PushAsync("churn", TestModels.Linear3());
        using var client = new ModelplaneClient(_client);
        using var csv = new MemoryStream();

        await client.ExportAuditAsync("csv", csv, new AuditFilterOptions { Action = "PushModelVersion" }, Ct);

        var lines = Encoding.UTF8.GetString(csv.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("seq,time,workspace,actor,action,target,outcome,status,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("1,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",PushModelVersion,POST /api/v1/models/churn/versions,started,,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",succeeded,201,", lines[2], StringComparison.Ordinal);
    }

    private async Task PutAliasAsync(int version)
    {
        using var response = await _client.PutAsJsonAsync("/api/v1/models/churn/aliases/prod", new SetAliasRequest(version), Json.SetAliasRequest, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<IReadOnlyList<AuditRecordDto>> RecordsAsync(string query)
    {
        var page = await _client.GetFromJsonAsync($"/api/v1/audit?{query}", Json.AuditPageDto, Ct);
        return page!.Records;
    }
}
