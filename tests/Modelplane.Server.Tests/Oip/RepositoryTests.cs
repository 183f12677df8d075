using System.Net;

namespace Modelplane.Server.Tests.Oip;

/// <summary>Model control over <c>/v2/repository</c>: index states, load and unload of versions, and what inference answers meanwhile.</summary>
public sealed class RepositoryTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly RepositoryHttp _http = new(app.CreateClient());

    [Fact]
    public async Task Index_OneVersionLoaded_ReadyWithMemoryAndOtherNotLoaded()
    {
        var model = TestModels.UniqueName();
        var v1 = await app.PushAsync(model, TestModels.Linear3(bias: 0));
        await app.PushAsync(model, TestModels.Linear3(bias: 10));
        await _http.ControlAsync($"/v2/repository/models/{model}/versions/1/load");

        var index = await _http.IndexAsync(model);

        Assert.Equal([("1", "READY", null), ("2", "UNAVAILABLE", "not loaded")], index.Select(m => (m.Version, m.State, m.Reason)));
        Assert.True(index[0].MemoryBytes >= v1.SizeBytes, $"memory_bytes {index[0].MemoryBytes} < artifact {v1.SizeBytes}");
        Assert.Null(index[1].MemoryBytes);
    }

    [Fact]
    public async Task Index_ReadyFilter_ListsOnlyReadyVersions()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(bias: 0));
        await app.PushAsync(model, TestModels.Linear3(bias: 10));
        await _http.ControlAsync($"/v2/repository/models/{model}/versions/2/load");

        var index = await _http.IndexAsync(model, """{"ready": true}""");

        Assert.Equal([("2", "READY")], index.Select(m => (m.Version, m.State)));
    }

    [Fact]
    public async Task Unload_EndpointTarget_Infer503NamingLoadRouteThen200AfterLoad()
    {
        var model = TestModels.UniqueName();
        var endpoint = TestModels.UniqueName("e");
        await app.PushAsync(model, TestModels.Linear3(bias: 1));
        await app.CreateEndpointAsync(endpoint, model, 1);
        Assert.Equal(HttpStatusCode.OK, (await _http.InferAsync(endpoint)).Status);

        var unloaded = await _http.ControlAsync($"/v2/repository/models/{model}/versions/1/unload");
        var whileUnloaded = await _http.InferAsync(endpoint);
        var index = await _http.IndexAsync(model);
        await _http.ControlAsync($"/v2/repository/models/{model}/versions/1/load");
        var afterLoad = await _http.InferAsync(endpoint);

        Assert.Equal([("1", "UNAVAILABLE")], unloaded.Select(m => (m.Version, m.State)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileUnloaded.Status);
        Assert.Equal(
            $"{{\"error\":\"Model '{model}' version 1 is unloaded; load it with POST /v2/repository/models/{model}/versions/1/load.\"}}",
            whileUnloaded.Body);
        Assert.Equal(("UNAVAILABLE", "unloaded on request"), (index[0].State, index[0].Reason));
        Assert.Equal(HttpStatusCode.OK, afterLoad.Status);
        Assert.Equal(7f, RepositoryHttp.Prediction(afterLoad.Body));
    }

    [Fact]
    public async Task Unload_ModelWithoutVersion_UnloadsEveryLoadedVersionAndNameAnswers503()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(bias: 0));
        await app.PushAsync(model, TestModels.Linear3(bias: 10));
        await _http.ControlAsync($"/v2/repository/models/{model}/versions/1/load");
        await _http.ControlAsync($"/v2/repository/models/{model}/load");

        var unloaded = await _http.ControlAsync($"/v2/repository/models/{model}/unload");
        var byName = await _http.InferAsync(model);

        Assert.Equal(["1", "2"], unloaded.Select(m => m.Version).Order());
        Assert.All(await _http.IndexAsync(model), m => Assert.Equal("UNAVAILABLE", m.State));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, byName.Status);
        Assert.Contains($"load it with POST /v2/repository/models/{model}/versions/2/load", byName.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_VersionInBodyParameters_LoadsThatVersion()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(bias: 0));
        await app.PushAsync(model, TestModels.Linear3(bias: 10));

        var loaded = await _http.ControlAsync($"/v2/repository/models/{model}/load", """{"parameters": {"version": "1"}}""");

        Assert.Equal([("1", "READY")], loaded.Select(m => (m.Version, m.State)));
        Assert.Equal([("1", "READY"), ("2", "UNAVAILABLE")], (await _http.IndexAsync(model)).Select(m => (m.Version, m.State)));
    }

    [Fact]
    public async Task Load_UnknownModel_404()
    {
        var model = TestModels.UniqueName();

        var response = await _http.PostAsync($"/v2/repository/models/{model}/load");

        Assert.Equal((HttpStatusCode.NotFound, $"{{\"error\":\"Model '{model}' not found: no endpoint or model has that name.\"}}"), response);
    }

    [Fact]
    public async Task Unload_UnknownVersion_404()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        var response = await _http.PostAsync($"/v2/repository/models/{model}/versions/9/unload");

        Assert.Equal((HttpStatusCode.NotFound, $"{{\"error\":\"Model '{model}' has no version 9.\"}}"), response);
    }

    [Theory]
    [InlineData("/versions/abc/load", null, "Version 'abc' is not a positive integer; the repository routes load and unload versions by number.")]
    [InlineData("/versions/0/unload", null, "Version '0' is not a positive integer; the repository routes load and unload versions by number.")]
    [InlineData("/load", """{"parameters": {"version": "x"}}""", "parameters.version 'x' is not a positive integer.")]
    [InlineData("/versions/1/load", """{"parameters": {"version": 2}}""", "The route names version 1 but parameters.version is 2.")]
    public async Task Load_BadVersion_400NamingIt(string suffix, string? body, string message)
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        var response = await _http.PostAsync($"/v2/repository/models/{model}{suffix}", body);

        Assert.Equal((HttpStatusCode.BadRequest, $"{{\"error\":\"{message}\"}}"), response);
    }
}
