using System.Net;
using static Modelplane.Server.Tests.Mlflow.MlflowHttp;

namespace Modelplane.Server.Tests.Mlflow;

public sealed class MlflowModelVersionsApiTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly MlflowHttp _api = new(app.CreateClient());

    [Fact]
    public async Task Get_PushedVersion_ReturnsMlflowModelVersionShape()
    {
        var name = TestModels.UniqueName("mv");
        var pushed = await app.PushAsync(name, TestModels.Linear3(), "?description=first&tag=team=risk&run_id=r1&created_by=ana");

        var version = (await _api.GetAsync($"/model-versions/get?name={name}&version=1")).Body.GetProperty("model_version");

        Assert.Equal((name, "1", "None", "READY", "first", "r1", "ana", $"models:/{name}/1"), (
            version.GetProperty("name").GetString(), version.GetProperty("version").GetString(), version.GetProperty("current_stage").GetString(),
            version.GetProperty("status").GetString(), version.GetProperty("description").GetString(), version.GetProperty("run_id").GetString(),
            version.GetProperty("user_id").GetString(), version.GetProperty("source").GetString()));
        Assert.Equal(pushed.CreatedAt.ToUnixTimeMilliseconds(), version.GetProperty("creation_timestamp").GetInt64());
        Assert.Equal("""[{"key":"team","value":"risk"}]""", version.GetProperty("tags").GetRawText());
    }

    [Theory]
    [InlineData("version=9", HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST")]
    [InlineData("version=one", HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE")]
    [InlineData("version=0", HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE")]
    public async Task Get_BadVersion_ReturnsMlflowError(string query, HttpStatusCode status, string code)
    {
        var name = TestModels.UniqueName("mv");
        await app.PushAsync(name, TestModels.Linear3());

        AssertError(status, code, await _api.GetAsync($"/model-versions/get?name={name}&{query}"));
    }

    [Fact]
    public async Task Update_SetsDescription()
    {
        var name = await PushAsync(1);

        var (status, body, text) = await _api.SendAsync(HttpMethod.Patch, "/model-versions/update", $$"""{"name":"{{name}}","version":"1","description":"better"}""");

        Assert.True(status == HttpStatusCode.OK, text);
        Assert.Equal("better", body.GetProperty("model_version").GetProperty("description").GetString());
    }

    [Fact]
    public async Task SetTag_ThenDeleteTag_ChangesVersionTags()
    {
        var name = await PushAsync(1);

        await _api.OkAsync("/model-versions/set-tag", $$"""{"name":"{{name}}","version":"1","key":"validated","value":"yes"}""");
        var tagged = (await _api.GetAsync($"/model-versions/get?name={name}&version=1")).Body.GetProperty("model_version").GetProperty("tags").GetRawText();
        var (deleted, _, _) = await _api.SendAsync(HttpMethod.Delete, "/model-versions/delete-tag", $$"""{"name":"{{name}}","version":"1","key":"validated"}""");
        var again = await _api.SendAsync(HttpMethod.Delete, "/model-versions/delete-tag", $$"""{"name":"{{name}}","version":"1","key":"validated"}""");

        Assert.Equal("""[{"key":"validated","value":"yes"}]""", tagged);
        Assert.Equal(HttpStatusCode.OK, deleted);
        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", again, "validated");
    }

    [Fact]
    public async Task TransitionStage_ArchiveExisting_MovesPreviousProductionToArchived()
    {
        var name = await PushAsync(2);
        await _api.OkAsync("/model-versions/transition-stage", $$"""{"name":"{{name}}","version":"1","stage":"Production"}""");

        var moved = (await _api.OkAsync(
            "/model-versions/transition-stage", $$"""{"name":"{{name}}","version":"2","stage":"production","archive_existing_versions":true}""")).GetProperty("model_version");
        var first = (await _api.GetAsync($"/model-versions/get?name={name}&version=1")).Body.GetProperty("model_version");

        Assert.Equal("Production", moved.GetProperty("current_stage").GetString());
        Assert.Equal("Archived", first.GetProperty("current_stage").GetString());
        Assert.True(first.GetProperty("last_updated_timestamp").GetInt64() >= first.GetProperty("creation_timestamp").GetInt64());
    }

    [Fact]
    public async Task TransitionStage_UnknownStage_Returns400NamingStages()
    {
        var name = await PushAsync(1);

        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            await _api.PostAsync("/model-versions/transition-stage", $$"""{"name":"{{name}}","version":"1","stage":"Live"}"""), "Staging");
    }

    [Fact]
    public async Task Search_ByNameAndTag_ReturnsNewestFirst()
    {
        var name = TestModels.UniqueName("mv");
        await app.PushAsync(name, TestModels.Linear3(), "?tag=team=risk");
        await app.PushAsync(name, TestModels.Linear3(1f), "?tag=team=ops");
        await app.PushAsync(name, TestModels.Linear3(2f), "?tag=team=risk");

        var byName = (await _api.GetAsync($"/model-versions/search?filter={Uri.EscapeDataString($"name='{name}'")}")).Body;
        var byTag = (await _api.GetAsync($"/model-versions/search?filter={Uri.EscapeDataString($"name='{name}' and tags.team='risk'")}")).Body;
        var paged = (await _api.GetAsync($"/model-versions/search?filter={Uri.EscapeDataString($"name='{name}'")}&max_results=2&order_by=version_number%20ASC")).Body;

        Assert.Equal(["3", "2", "1"], MlflowRegisteredModelsApiTests.Versions(byName));
        Assert.Equal(["3", "1"], MlflowRegisteredModelsApiTests.Versions(byTag));
        Assert.Equal(["1", "2"], MlflowRegisteredModelsApiTests.Versions(paged));
        Assert.True(paged.TryGetProperty("next_page_token", out _));
    }

    [Fact]
    public async Task Search_UnknownAttribute_Returns400() =>
        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            await _api.GetAsync($"/model-versions/search?filter={Uri.EscapeDataString("colour = 'red'")}"), "colour");

    [Fact]
    public async Task GetDownloadUri_PushedVersion_PointsAtArtifactRouteThatServesTheBytes()
    {
        var name = TestModels.UniqueName("mv");
        var onnx = TestModels.Linear3();
        await app.PushAsync(name, onnx);

        var uri = (await _api.GetAsync($"/model-versions/get-download-uri?name={name}&version=1")).Body.GetProperty("artifact_uri").GetString()!;
        var bytes = await app.CreateClient().GetByteArrayAsync(new Uri(uri).PathAndQuery, TestContext.Current.CancellationToken);

        Assert.EndsWith($"/api/v1/models/{name}/versions/1/artifact", uri, StringComparison.Ordinal);
        Assert.Equal(onnx, bytes);
    }

    private async Task<string> PushAsync(int count)
    {
        var name = TestModels.UniqueName("mv");
        for (var i = 0; i < count; i++)
        {
            await app.PushAsync(name, TestModels.Linear3(i));
        }

        return name;
    }
}
