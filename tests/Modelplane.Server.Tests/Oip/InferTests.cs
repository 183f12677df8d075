using System.Net;
using System.Text;
using System.Text.Json;

namespace Modelplane.Server.Tests.Oip;

public sealed class InferTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Infer_LinearModel_ReturnsExactOutputsInOipShape()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(bias: 0.5f));

        using var doc = await InferAsync($"/v2/models/{model}/infer", TestModels.Request([1, 1, 1], [2, 0, 0.25f]));

        var root = doc.RootElement;
        Assert.Equal(model, root.GetProperty("model_name").GetString());
        Assert.Equal("1", root.GetProperty("model_version").GetString());
        var output = Assert.Single(root.GetProperty("outputs").EnumerateArray());
        Assert.Equal("y", output.GetProperty("name").GetString());
        Assert.Equal("FP32", output.GetProperty("datatype").GetString());
        Assert.Equal([2L, 1L], output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([6.5f, 3.25f], output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()));
    }

    [Fact]
    public async Task Infer_WithId_EchoesId()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        var body = TestModels.Request([1, 2, 3]).Insert(1, "\"id\":\"req-42\",\"parameters\":{\"x\":1},");

        using var doc = await InferAsync($"/v2/models/{model}/infer", body);

        Assert.Equal("req-42", doc.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Infer_ModelNameWithoutVersion_ServesLatestVersionAndVersionRouteServesOlder()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(bias: 0));
        using (var first = await InferAsync($"/v2/models/{model}/infer", TestModels.Request([1, 1, 1])))
        {
            Assert.Equal(6f, Prediction(first));
        }

        await app.PushAsync(model, TestModels.Linear3(bias: 10));

        using var latest = await InferAsync($"/v2/models/{model}/infer", TestModels.Request([1, 1, 1]));
        using var v1 = await InferAsync($"/v2/models/{model}/versions/1/infer", TestModels.Request([1, 1, 1]));
        Assert.Equal(16f, Prediction(latest));
        Assert.Equal("2", latest.RootElement.GetProperty("model_version").GetString());
        Assert.Equal(6f, Prediction(v1));
        Assert.Equal("1", v1.RootElement.GetProperty("model_version").GetString());
    }

    [Fact]
    public async Task Infer_EndpointName_ServesEndpointTargetAndFollowsSwitch()
    {
        var model = TestModels.UniqueName();
        var endpoint = TestModels.UniqueName("e");
        await app.PushAsync(model, TestModels.Linear3(bias: 0));
        await app.PushAsync(model, TestModels.Linear3(bias: 100));
        await app.CreateEndpointAsync(endpoint, model, 1);

        using (var before = await InferAsync($"/v2/models/{endpoint}/infer", TestModels.Request([1, 1, 1])))
        {
            Assert.Equal(6f, Prediction(before));
            Assert.Equal(endpoint, before.RootElement.GetProperty("model_name").GetString());
        }

        using var put = new StringContent($$"""{"model":"{{model}}","version":2}""", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsync($"/api/v1/endpoints/{endpoint}", put, Ct)).StatusCode);

        using var after = await InferAsync($"/v2/models/{endpoint}/infer", TestModels.Request([1, 1, 1]));
        Assert.Equal(106f, Prediction(after));
    }

    [Fact]
    public async Task Infer_NestedData_SameAsFlat()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(bias: 0));
        const string nested = """{"inputs":[{"name":"x","shape":[2,3],"datatype":"FP32","data":[[1,0,0],[0,0,1]]}]}""";

        using var doc = await InferAsync($"/v2/models/{model}/infer", nested);

        var data = doc.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle());
        Assert.Equal([1f, 3f], data);
    }

    [Fact]
    public async Task InferAndPush_WithoutJsonOrOctetContentType_AreServed()
    {
        // What `curl -d @file` sends: application/x-www-form-urlencoded. The data plane is lenient about it.
        var model = TestModels.UniqueName();
        using var upload = new ByteArrayContent(TestModels.Linear3(bias: 0));
        upload.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var pushed = await _client.PostAsync($"/api/v1/models/{model}/versions", upload, Ct);
        Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);

        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(TestModels.Request([1, 1, 1])));
        body.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var response = await _client.PostAsync($"/v2/models/{model}/versions/1/infer", body, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(6f, Prediction(doc));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static float Prediction(JsonDocument doc) => doc.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle();

    private async Task<JsonDocument> InferAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(path, content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }
}
