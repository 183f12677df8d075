using System.Net;
using System.Text;
using static Modelplane.Server.Tests.Mlflow.MlflowHttp;

namespace Modelplane.Server.Tests.Mlflow;

public sealed class MlflowRegistryDeleteTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly MlflowHttp _api = new(app.CreateClient());

    [Fact]
    public async Task DeleteVersion_HidesItFromMlflowAndStopsServingIt_AndRestoreBringsItBack()
    {
        var name = TestModels.UniqueName("del");
        await app.PushAsync(name, TestModels.Linear3());
        await app.PushAsync(name, TestModels.Linear3(2f));
        await _api.OkAsync("/registered-models/alias", $$"""{"name":"{{name}}","alias":"champion","version":"2"}""");
        Assert.Equal(HttpStatusCode.OK, await InferStatusAsync(name, 2));

        var (status, _, text) = await _api.SendAsync(HttpMethod.Delete, "/model-versions/delete", $$"""{"name":"{{name}}","version":"2"}""");

        Assert.True(status == HttpStatusCode.OK, text);
        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", await _api.GetAsync($"/model-versions/get?name={name}&version=2"));
        Assert.Equal(["1"], MlflowRegisteredModelsApiTests.Versions((await _api.GetAsync($"/model-versions/search?filter={Uri.EscapeDataString($"name='{name}'")}")).Body));
        Assert.Equal(HttpStatusCode.NotFound, await InferStatusAsync(name, 2));
        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", await _api.SendAsync(HttpMethod.Delete, "/model-versions/delete", $$"""{"name":"{{name}}","version":"2"}"""));

        using var restore = await app.CreateClient().PostAsync($"/api/v1/models/{name}/versions/2/restore", null, TestContext.Current.CancellationToken);
        Assert.True(restore.IsSuccessStatusCode, await restore.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("2", (await _api.GetAsync($"/model-versions/get?name={name}&version=2")).Body.GetProperty("model_version").GetProperty("version").GetString());
    }

    [Fact]
    public async Task DeleteVersion_ServedByEndpoint_Returns409NamingEndpoint()
    {
        var name = TestModels.UniqueName("del");
        await app.PushAsync(name, TestModels.Linear3());
        var endpoint = TestModels.UniqueName("ep");
        await app.CreateEndpointAsync(endpoint, name, 1);

        AssertError(HttpStatusCode.Conflict, "INVALID_STATE",
            await _api.SendAsync(HttpMethod.Delete, "/model-versions/delete", $$"""{"name":"{{name}}","version":"1"}"""), endpoint);
        Assert.Equal(HttpStatusCode.OK, await InferStatusAsync(name, 1));
    }

    [Fact]
    public async Task DeleteRegisteredModel_HidesModelAndVersions_AndNameStaysTaken()
    {
        var name = TestModels.UniqueName("del");
        await app.PushAsync(name, TestModels.Linear3());

        var (status, _, text) = await _api.SendAsync(HttpMethod.Delete, "/registered-models/delete", $$"""{"name":"{{name}}"}""");

        Assert.True(status == HttpStatusCode.OK, text);
        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", await _api.GetAsync($"/registered-models/get?name={name}"));
        Assert.False((await _api.GetAsync($"/registered-models/search?filter={Uri.EscapeDataString($"name='{name}'")}")).Body.TryGetProperty("registered_models", out _));
        Assert.Equal(HttpStatusCode.NotFound, await InferStatusAsync(name, 1));
        AssertError(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS", await _api.PostAsync("/registered-models/create", $$"""{"name":"{{name}}"}"""), "purge");
    }

    [Fact]
    public async Task DeleteRegisteredModel_Unknown_Returns404() =>
        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            await _api.SendAsync(HttpMethod.Delete, "/registered-models/delete", """{"name":"never-there"}"""), "never-there");

    private async Task<HttpStatusCode> InferStatusAsync(string name, int version)
    {
        using var content = new StringContent(TestModels.Request([1f, 2f, 3f]), Encoding.UTF8, "application/json");
        using var response = await app.CreateClient().PostAsync($"/v2/models/{name}/versions/{version}/infer", content, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
