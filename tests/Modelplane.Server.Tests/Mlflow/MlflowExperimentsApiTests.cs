using System.Net;
using static Modelplane.Server.Tests.Mlflow.MlflowHttp;

namespace Modelplane.Server.Tests.Mlflow;

public sealed class MlflowExperimentsApiTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly MlflowHttp _api = new(app.CreateClient());

    [Fact]
    public async Task Create_ThenGet_ReturnsMlflowExperimentShape()
    {
        var name = UniqueName();
        var id = (await _api.OkAsync("/experiments/create", $$"""{"name":"{{name}}","tags":[{"key":"team","value":"risk"}]}""")).GetProperty("experiment_id").GetString();

        var experiment = (await _api.GetAsync($"/experiments/get?experiment_id={id}")).Body.GetProperty("experiment");

        Assert.Equal((id, name, $"mlflow-artifacts:/{id}", "active"), (
            experiment.GetProperty("experiment_id").GetString(), experiment.GetProperty("name").GetString(),
            experiment.GetProperty("artifact_location").GetString(), experiment.GetProperty("lifecycle_stage").GetString()));
        Assert.True(experiment.GetProperty("creation_time").GetInt64() > 0);
        Assert.Equal(experiment.GetProperty("creation_time").GetInt64(), experiment.GetProperty("last_update_time").GetInt64());
        Assert.Equal("""[{"key":"team","value":"risk"}]""", experiment.GetProperty("tags").GetRawText());
    }

    [Fact]
    public async Task Get_DefaultExperiment_ReturnsIdZeroNamedDefault()
    {
        var experiment = (await _api.GetAsync("/experiments/get?experiment_id=0")).Body.GetProperty("experiment");

        Assert.Equal(("0", "Default"), (experiment.GetProperty("experiment_id").GetString(), experiment.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task GetByName_Existing_ReturnsIt()
    {
        var name = UniqueName();
        var id = await _api.CreateExperimentAsync(name);

        var (_, body, _) = await _api.GetAsync($"/experiments/get-by-name?experiment_name={name}");

        Assert.Equal(id, body.GetProperty("experiment").GetProperty("experiment_id").GetString());
    }

    [Theory]
    [InlineData("/experiments/get-by-name?experiment_name=nobody-made-this", "nobody-made-this")]
    [InlineData("/experiments/get?experiment_id=987654", "987654")]
    public async Task Get_Unknown_Returns404ResourceDoesNotExist(string path, string mentioned) =>
        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", await _api.GetAsync(path), mentioned);

    [Fact]
    public async Task Create_DuplicateName_Returns400ResourceAlreadyExists()
    {
        var name = UniqueName();
        await _api.CreateExperimentAsync(name);

        AssertError(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS", await _api.PostAsync("/experiments/create", $$"""{"name":"{{name}}"}"""), name);
    }

    [Theory]
    [InlineData("""{"name":""}""", "'name'")]
    [InlineData("""{}""", "'name'")]
    [InlineData("""{"name":"a\u0001b"}""", "control character")]
    [InlineData("""{"name":"x","tags":[{"key":"../up","value":"v"}]}""", "../up")]
    [InlineData("""{"name":""", "Malformed request")]
    [InlineData("""{"name":42}""", "Malformed request")]
    public async Task Create_BadInput_Returns400InvalidParameterValue(string body, string mentioned) =>
        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", await _api.PostAsync("/experiments/create", body), mentioned);

    [Fact]
    public async Task Create_NameLongerThan250_Returns400()
    {
        var name = new string('n', 251);

        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", await _api.PostAsync("/experiments/create", $$"""{"name":"{{name}}"}"""), "250");
    }

    [Fact]
    public async Task Search_FilterAndPageToken_ReturnsPagesOfMatches()
    {
        var prefix = UniqueName("page");
        foreach (var i in Enumerable.Range(0, 3))
        {
            await _api.CreateExperimentAsync($"{prefix}-{i}");
        }

        var first = await _api.OkAsync("/experiments/search", $$"""{"filter":"name LIKE '{{prefix}}%'","max_results":2,"order_by":["name ASC"]}""");
        var token = first.GetProperty("next_page_token").GetString();
        var second = (await _api.GetAsync($"/experiments/search?filter=name%20LIKE%20%27{prefix}%25%27&max_results=2&order_by=name%20ASC&page_token={token}")).Body;

        Assert.Equal([$"{prefix}-0", $"{prefix}-1"], first.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal([$"{prefix}-2"], second.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.False(second.TryGetProperty("next_page_token", out _));
    }

    [Fact]
    public async Task Search_MalformedFilter_Returns400NamingPosition() =>
        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            await _api.PostAsync("/experiments/search", """{"filter":"name = 'a' or name = 'b'"}"""), "position 11");

    [Fact]
    public async Task DeleteThenRestore_ChangesWhatSearchAndListReturn()
    {
        var name = UniqueName();
        var id = await _api.CreateExperimentAsync(name);
        var filter = $$"""{"filter":"name = '{{name}}'"}""";

        await _api.OkAsync("/experiments/delete", $$"""{"experiment_id":"{{id}}"}""");
        var active = await _api.OkAsync("/experiments/search", filter);
        var deleted = await _api.OkAsync("/experiments/search", $$"""{"filter":"name = '{{name}}'","view_type":"DELETED_ONLY"}""");
        var listed = (await _api.GetAsync("/experiments/list?view_type=ALL")).Body;
        await _api.OkAsync("/experiments/restore", $$"""{"experiment_id":"{{id}}"}""");
        var restored = await _api.OkAsync("/experiments/search", filter);

        Assert.False(active.TryGetProperty("experiments", out _));
        Assert.Equal("deleted", deleted.GetProperty("experiments")[0].GetProperty("lifecycle_stage").GetString());
        Assert.Contains(listed.GetProperty("experiments").EnumerateArray(), e => e.GetProperty("experiment_id").GetString() == id);
        Assert.Equal(id, restored.GetProperty("experiments")[0].GetProperty("experiment_id").GetString());
    }

    [Fact]
    public async Task Delete_DefaultExperiment_Returns400() =>
        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", await _api.PostAsync("/experiments/delete", """{"experiment_id":"0"}"""), "default");

    [Fact]
    public async Task UpdateAndSetTag_ThenGet_ReturnsNewNameAndTag()
    {
        var id = await _api.CreateExperimentAsync();
        var newName = UniqueName("renamed");

        Assert.Equal("{}", (await _api.OkAsync("/experiments/update", $$"""{"experiment_id":"{{id}}","new_name":"{{newName}}"}""")).GetRawText());
        await _api.OkAsync("/experiments/set-experiment-tag", $$"""{"experiment_id":"{{id}}","key":"owner","value":"ana"}""");
        var experiment = (await _api.GetAsync($"/experiments/get?experiment_id={id}")).Body.GetProperty("experiment");

        Assert.Equal(newName, experiment.GetProperty("name").GetString());
        Assert.Equal("""[{"key":"owner","value":"ana"}]""", experiment.GetProperty("tags").GetRawText());
    }

    [Fact]
    public async Task AjaxApiPrefix_ServesTheSameApi()
    {
        var ajax = new MlflowHttp(app.CreateClient(), "/ajax-api/2.0/mlflow");
        var id = await ajax.CreateExperimentAsync();

        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync($"/experiments/get?experiment_id={id}")).Status);
    }

    [Fact]
    public async Task UnknownPath_Returns404EndpointNotFound() =>
        AssertError(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND", await _api.PostAsync("/experimentsset-experiment-tag", "{}"));

    [Fact]
    public async Task WrongMethod_Returns405WithAllowHeader()
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/2.0/mlflow/experiments/get", null, TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.MethodNotAllowed, "GET"), (response.StatusCode, string.Join(",", response.Content.Headers.Allow)));
        Assert.Contains("ENDPOINT_NOT_FOUND", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
