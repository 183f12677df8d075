using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Modelplane.Client;

namespace Modelplane.Server.Tests.Api;

public sealed class VersionMetadataApiTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;
    private static readonly string DataSha = new('a', 64);
    private readonly HttpClient _client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Push_ParamsAndLineage_AreReturnedOnTheVersion()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(1));

        var pushed = await app.PushAsync(model, TestModels.Linear3(2),
            $"?param=max_depth%3D6&dataset_uri=s3%3A%2F%2Fd%2Ftrain.csv&dataset_sha256={DataSha}&code_repo=git%40x%3Arepo&code_commit=abc&run_id=r1&parent=1&created_by=ana");

        Assert.Equal("6", pushed.Params["max_depth"]);
        Assert.Equal(("s3://d/train.csv", DataSha, "git@x:repo", "abc", "r1", "ana"),
            (pushed.Lineage!.DatasetUri, pushed.Lineage.DatasetSha256, pushed.Lineage.CodeRepository, pushed.Lineage.CodeCommit, pushed.Lineage.RunId, pushed.Lineage.CreatedBy));
        Assert.Equal([1], pushed.Lineage.Parents);
        Assert.Equal(("pending", false), (pushed.Approval!.Status, pushed.HasCard));
    }

    [Theory]
    [InlineData("?parent=9", "parent 9")]
    [InlineData("?parent=x", "parent 'x'")]
    [InlineData("?dataset_sha256=abc", "dataset_sha256")]
    [InlineData("?param=novalue", "Param 'novalue'")]
    public async Task Push_BadLineage_Returns400NamingField(string query, string field)
    {
        var model = TestModels.UniqueName();
        using var content = new ByteArrayContent(TestModels.Linear3());
        content.Headers.ContentType = new("application/octet-stream");

        using var response = await _client.PostAsync($"/api/v1/models/{model}/versions{query}", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutTag_ThenDelete_ChangesOnlyTags()
    {
        var model = TestModels.UniqueName();
        var pushed = await app.PushAsync(model, TestModels.Linear3(), "?tag=team%3Drisk");

        using var put = await _client.PutAsync($"/api/v1/models/{model}/versions/1/tags/stage", JsonBody("""{"value":"prod"}"""), Ct);
        var tagged = await put.Content.ReadFromJsonAsync(Json.ModelVersionDto, Ct);
        using var delete = await _client.DeleteAsync($"/api/v1/models/{model}/versions/1/tags/team", Ct);
        using var missing = await _client.DeleteAsync($"/api/v1/models/{model}/versions/1/tags/team", Ct);
        var after = await _client.GetFromJsonAsync($"/api/v1/models/{model}/versions/1", Json.ModelVersionDto, Ct);

        Assert.Equal(("prod", "risk", pushed.Digest), (tagged!.Tags["stage"], tagged.Tags["team"], tagged.Digest));
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (delete.StatusCode, missing.StatusCode));
        Assert.Equal(["stage"], after!.Tags.Keys);
    }

    [Fact]
    public async Task PutTag_MissingValueOrUnknownVersion_Returns400Or404()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        using var noValue = await _client.PutAsync($"/api/v1/models/{model}/versions/1/tags/stage", JsonBody("{}"), Ct);
        using var unknown = await _client.PutAsync($"/api/v1/models/{model}/versions/4/tags/stage", JsonBody("""{"value":"x"}"""), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, noValue.StatusCode);
        Assert.Contains("value is required", await noValue.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task PostApproval_Approved_RecordsCallerNotBodyByAndComment()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        using var response = await _client.PostAsync($"/api/v1/models/{model}/versions/1/approval",
            JsonBody("""{"status":"approved","by":"ana","comment":"looks good"}"""), Ct);
        var version = await response.Content.ReadFromJsonAsync(Json.ModelVersionDto, Ct);

        // The body's "by" is ignored; the decision is recorded as the token's principal (the admin).
        Assert.Equal(("approved", "admin", "looks good"), (version!.Approval!.Status, version.Approval.By, version.Approval.Comment));
        Assert.NotNull(version.Approval.At);
    }

    [Theory]
    [InlineData("""{"status":"maybe","by":"ana"}""", "status 'maybe'")]
    [InlineData("""{"status":"rejected","by":"ana"}""", "comment is required")]
    public async Task PostApproval_BadInput_Returns400NamingField(string body, string message)
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        using var response = await _client.PostAsync($"/api/v1/models/{model}/versions/1/approval", JsonBody(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutCard_ThenGetThroughAlias_ReturnsMarkdown()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        (await _client.PutAsync($"/api/v1/models/{model}/aliases/champion", JsonBody("""{"version":1}"""), Ct)).Dispose();
        const string card = "# Churn\n\n## Limitations\n- not for minors\n";

        using var put = await _client.PutAsync($"/api/v1/models/{model}/versions/1/card", new StringContent(card, Encoding.UTF8, "text/markdown"), Ct);
        using var get = await _client.GetAsync($"/api/v1/models/{model}/versions/champion/card", Ct);

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal("text/markdown", get.Content.Headers.ContentType!.MediaType);
        Assert.Equal(card, await get.Content.ReadAsStringAsync(Ct));
        Assert.True((await _client.GetFromJsonAsync($"/api/v1/models/{model}/versions/1", Json.ModelVersionDto, Ct))!.HasCard);
    }

    [Fact]
    public async Task PutCard_WrongTypeOrEmpty_Returns400AndGetWithoutCard404()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        using var json = await _client.PutAsync($"/api/v1/models/{model}/versions/1/card", JsonBody("{}"), Ct);
        using var empty = await _client.PutAsync($"/api/v1/models/{model}/versions/1/card", new StringContent(" ", Encoding.UTF8, "text/markdown"), Ct);
        using var get = await _client.GetAsync($"/api/v1/models/{model}/versions/1/card", Ct);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.NotFound), (json.StatusCode, empty.StatusCode, get.StatusCode));
        Assert.Contains("text/markdown", await json.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLineage_ChildOfParent_ReturnsTypedGraph()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(1), $"?dataset_uri=train.csv&dataset_sha256={DataSha}&code_repo=repo&code_commit=c1");
        await app.PushAsync(model, TestModels.Linear3(2), "?parent=1&run_id=r2");

        using var doc = JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/models/{model}/versions/2/lineage", Ct));

        var nodes = doc.RootElement.GetProperty("nodes").EnumerateArray().Select(n => (n.GetProperty("id").GetString(), n.GetProperty("type").GetString())).ToList();
        var edges = doc.RootElement.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Order().ToList();
        Assert.Equal(
            [($"version:{model}@2", "model_version"), ("run:r2", "run"), ($"version:{model}@1", "model_version"), ($"dataset:sha256:{DataSha}", "dataset"), ("code:repo@c1", "code")],
            nodes);
        Assert.Equal(["built_from", "derived_from", "produced_by", "trained_on"], edges);
    }

    [Fact]
    public async Task GetLineage_UnknownVersion_Returns404()
    {
        using var response = await _client.GetAsync($"/api/v1/models/{TestModels.UniqueName()}/versions/1/lineage", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");
}
