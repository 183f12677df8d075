using System.Net;
using static Modelplane.Server.Tests.Mlflow.MlflowHttp;

namespace Modelplane.Server.Tests.Mlflow;

public sealed class MlflowRegisteredModelsApiTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly MlflowHttp _api = new(app.CreateClient());

    [Fact]
    public async Task Create_ThenGet_ReturnsMlflowRegisteredModelShape()
    {
        var name = TestModels.UniqueName("rm");
        var created = (await _api.OkAsync("/registered-models/create", $$"""{"name":"{{name}}","description":"churn","tags":[{"key":"team","value":"risk"}]}"""))
            .GetProperty("registered_model");

        var model = (await _api.GetAsync($"/registered-models/get?name={name}")).Body.GetProperty("registered_model");

        Assert.Equal(created.GetRawText(), model.GetRawText());
        Assert.Equal((name, "churn"), (model.GetProperty("name").GetString(), model.GetProperty("description").GetString()));
        Assert.Equal("""[{"key":"team","value":"risk"}]""", model.GetProperty("tags").GetRawText());
        Assert.True(model.GetProperty("creation_timestamp").GetInt64() > 0);
        Assert.False(model.TryGetProperty("latest_versions", out _));
    }

    [Fact]
    public async Task Create_DuplicateName_Returns400ResourceAlreadyExists()
    {
        var name = TestModels.UniqueName("rm");
        await _api.OkAsync("/registered-models/create", $$"""{"name":"{{name}}"}""");

        AssertError(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS", await _api.PostAsync("/registered-models/create", $$"""{"name":"{{name}}"}"""), name);
    }

    [Fact]
    public async Task Create_NameOfPushedModel_Returns400ResourceAlreadyExists()
    {
        var name = TestModels.UniqueName("rm");
        await app.PushAsync(name, TestModels.Linear3());

        AssertError(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS", await _api.PostAsync("/registered-models/create", $$"""{"name":"{{name}}"}"""));
    }

    [Theory]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":"../etc"}""", "not a valid model name")]
    [InlineData("""{"name":"a\u0001b"}""", "not a valid model name")]
    public async Task Create_InvalidName_Returns400InvalidParameterValue(string body, string mentioned) =>
        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", await _api.PostAsync("/registered-models/create", body), mentioned);

    [Fact]
    public async Task Get_Unknown_Returns404ResourceDoesNotExist() =>
        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", await _api.GetAsync("/registered-models/get?name=nobody-made-this"), "nobody-made-this");

    [Fact]
    public async Task Get_PushedModel_ListsLatestVersionInStageNone()
    {
        var name = TestModels.UniqueName("rm");
        await app.PushAsync(name, TestModels.Linear3());
        await app.PushAsync(name, TestModels.Linear3(1f));

        var latest = (await _api.GetAsync($"/registered-models/get?name={name}")).Body.GetProperty("registered_model").GetProperty("latest_versions");

        var only = Assert.Single(latest.EnumerateArray());
        Assert.Equal(("2", "None", "READY", $"models:/{name}/2"), (
            only.GetProperty("version").GetString(), only.GetProperty("current_stage").GetString(),
            only.GetProperty("status").GetString(), only.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task Update_SetsDescription()
    {
        var name = await CreateAsync();

        var (status, body, text) = await _api.SendAsync(HttpMethod.Patch, "/registered-models/update", $$"""{"name":"{{name}}","description":"new words"}""");

        Assert.True(status == HttpStatusCode.OK, text);
        Assert.Equal("new words", body.GetProperty("registered_model").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Rename_MovesVersionsTagsAndAliases()
    {
        var name = TestModels.UniqueName("rm");
        var newName = TestModels.UniqueName("rm");
        await app.PushAsync(name, TestModels.Linear3(), "?tag=team=risk");
        await _api.OkAsync("/registered-models/set-tag", $$"""{"name":"{{name}}","key":"owner","value":"ana"}""");
        await _api.OkAsync("/registered-models/alias", $$"""{"name":"{{name}}","alias":"champion","version":"1"}""");

        var renamed = (await _api.OkAsync("/registered-models/rename", $$"""{"name":"{{name}}","new_name":"{{newName}}"}""")).GetProperty("registered_model");

        Assert.Equal(newName, renamed.GetProperty("name").GetString());
        Assert.Equal("""[{"alias":"champion","version":"1"}]""", renamed.GetProperty("aliases").GetRawText());
        Assert.Equal("""[{"key":"owner","value":"ana"}]""", renamed.GetProperty("tags").GetRawText());
        var version = (await _api.GetAsync($"/model-versions/get?name={newName}&version=1")).Body.GetProperty("model_version");
        Assert.Equal("""[{"key":"team","value":"risk"}]""", version.GetProperty("tags").GetRawText());
        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", await _api.GetAsync($"/registered-models/get?name={name}"));
    }

    [Fact]
    public async Task Rename_ModelServedByEndpoint_Returns409InvalidStateNamingEndpoint()
    {
        var name = TestModels.UniqueName("rm");
        await app.PushAsync(name, TestModels.Linear3());
        var endpoint = TestModels.UniqueName("ep");
        await app.CreateEndpointAsync(endpoint, name, 1);

        var response = await _api.PostAsync("/registered-models/rename", $$"""{"name":"{{name}}","new_name":"{{TestModels.UniqueName("rm")}}"}""");

        AssertError(HttpStatusCode.Conflict, "INVALID_STATE", response, endpoint);
    }

    [Fact]
    public async Task Rename_ToTakenName_Returns400ResourceAlreadyExists()
    {
        var (first, second) = (await CreateAsync(), await CreateAsync());

        AssertError(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS",
            await _api.PostAsync("/registered-models/rename", $$"""{"name":"{{first}}","new_name":"{{second}}"}"""), second);
    }

    [Fact]
    public async Task DeleteTag_RemovesTag_AndUnknownTagIs404()
    {
        var name = await CreateAsync();
        await _api.OkAsync("/registered-models/set-tag", $$"""{"name":"{{name}}","key":"k","value":"v"}""");

        var (status, _, _) = await _api.SendAsync(HttpMethod.Delete, "/registered-models/delete-tag", $$"""{"name":"{{name}}","key":"k"}""");
        var again = await _api.SendAsync(HttpMethod.Delete, "/registered-models/delete-tag", $$"""{"name":"{{name}}","key":"k"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", again, "k");
        Assert.False((await _api.GetAsync($"/registered-models/get?name={name}")).Body.GetProperty("registered_model").TryGetProperty("tags", out _));
    }

    [Fact]
    public async Task Search_ByNameLikeAndTag_PagesInNameOrder()
    {
        var prefix = $"srch{Guid.NewGuid():N}"[..12];
        foreach (var n in new[] { "c", "a", "b" })
        {
            await _api.OkAsync("/registered-models/create", $$"""{"name":"{{prefix}}-{{n}}","tags":[{"key":"team","value":"{{(n == "b" ? "ops" : "risk")}}"}]}""");
        }

        var first = (await _api.GetAsync($"/registered-models/search?filter={Uri.EscapeDataString($"name LIKE '{prefix}%'")}&max_results=2")).Body;
        var second = (await _api.GetAsync($"/registered-models/search?filter={Uri.EscapeDataString($"name LIKE '{prefix}%'")}&max_results=2&page_token={first.GetProperty("next_page_token").GetString()}")).Body;
        var risk = (await _api.GetAsync($"/registered-models/search?filter={Uri.EscapeDataString($"name LIKE '{prefix}%' and tags.team = 'risk'")}")).Body;

        Assert.Equal([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"], [.. Names(first), .. Names(second)]);
        Assert.False(second.TryGetProperty("next_page_token", out _));
        Assert.Equal([$"{prefix}-a", $"{prefix}-c"], Names(risk));
    }

    [Fact]
    public async Task Search_MalformedFilter_Returns400NamingPosition() =>
        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", await _api.GetAsync($"/registered-models/search?filter={Uri.EscapeDataString("name = ")}"), "position");

    [Fact]
    public async Task Alias_SetGetDelete_RoundTrips()
    {
        var name = TestModels.UniqueName("rm");
        await app.PushAsync(name, TestModels.Linear3());
        await app.PushAsync(name, TestModels.Linear3(2f));

        await _api.OkAsync("/registered-models/alias", $$"""{"name":"{{name}}","alias":"champion","version":"1"}""");
        var got = (await _api.GetAsync($"/registered-models/alias?name={name}&alias=champion")).Body.GetProperty("model_version");
        var (deleted, _, _) = await _api.SendAsync(HttpMethod.Delete, "/registered-models/alias", $$"""{"name":"{{name}}","alias":"champion"}""");

        Assert.Equal(("1", """["champion"]"""), (got.GetProperty("version").GetString(), got.GetProperty("aliases").GetRawText()));
        Assert.Equal(HttpStatusCode.OK, deleted);
        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", await _api.GetAsync($"/registered-models/alias?name={name}&alias=champion"), "champion");
    }

    [Fact]
    public async Task Alias_UnknownVersion_Returns404() =>
        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            await _api.PostAsync("/registered-models/alias", $$"""{"name":"{{await CreateAsync()}}","alias":"champion","version":"7"}"""));

    [Fact]
    public async Task GetLatestVersions_PerStage_ReturnsNewestInEachRequestedStage()
    {
        var name = TestModels.UniqueName("rm");
        for (var i = 0; i < 3; i++)
        {
            await app.PushAsync(name, TestModels.Linear3(i));
        }

        await _api.OkAsync("/model-versions/transition-stage", $$"""{"name":"{{name}}","version":"1","stage":"production"}""");

        var production = (await _api.PostAsync("/registered-models/get-latest-versions", $$"""{"name":"{{name}}","stages":["Production"]}""")).Body;
        var all = (await _api.PostAsync("/registered-models/get-latest-versions", $$"""{"name":"{{name}}"}""")).Body;

        Assert.Equal(["1"], Versions(production));
        Assert.Equal(["1", "3"], Versions(all));
        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            await _api.PostAsync("/registered-models/get-latest-versions", $$"""{"name":"{{name}}","stages":["Prod"]}"""), "Prod");
    }

    private async Task<string> CreateAsync()
    {
        var name = TestModels.UniqueName("rm");
        await _api.OkAsync("/registered-models/create", $$"""{"name":"{{name}}"}""");
        return name;
    }

    private static string[] Names(System.Text.Json.JsonElement page) =>
        [.. page.GetProperty("registered_models").EnumerateArray().Select(m => m.GetProperty("name").GetString()!)];

    internal static string[] Versions(System.Text.Json.JsonElement body) =>
        [.. body.GetProperty("model_versions").EnumerateArray().Select(m => m.GetProperty("version").GetString()!)];
}
