using System.Net;
using System.Text.Json;

namespace Modelplane.Server.Tests.Oip;

public sealed class MetadataTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/v2/health/live")]
    [InlineData("/v2/health/ready")]
    public async Task Health_RunningServer_Returns200(string path)
    {
        using var response = await _client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ServerMetadata_Returns_NameAndVersion()
    {
        using var doc = JsonDocument.Parse(await _client.GetStringAsync("/v2", Ct));

        Assert.Equal("modelplane", doc.RootElement.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task ModelMetadata_PushedModel_ListsVersionsAndSignatureFromGraph()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        await app.PushAsync(model, TestModels.Linear3(bias: 2));

        using var doc = JsonDocument.Parse(await _client.GetStringAsync($"/v2/models/{model}", Ct));

        var root = doc.RootElement;
        Assert.Equal(model, root.GetProperty("name").GetString());
        Assert.Equal("onnxruntime_onnx", root.GetProperty("platform").GetString());
        Assert.Equal(["2", "1"], root.GetProperty("versions").EnumerateArray().Select(v => v.GetString()).Order().Reverse());
        var input = Assert.Single(root.GetProperty("inputs").EnumerateArray());
        Assert.Equal("x", input.GetProperty("name").GetString());
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        Assert.Equal([-1L, 3L], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        var output = Assert.Single(root.GetProperty("outputs").EnumerateArray());
        Assert.Equal("y", output.GetProperty("name").GetString());
    }

    [Fact]
    public async Task ModelReady_PushedModelAndVersion_Returns200()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        using var ready = await _client.GetAsync($"/v2/models/{model}/ready", Ct);
        using var versionReady = await _client.GetAsync($"/v2/models/{model}/versions/1/ready", Ct);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, versionReady.StatusCode);
    }

    [Theory]
    [InlineData("/v2/models/absent")]
    [InlineData("/v2/models/absent/ready")]
    [InlineData("/v2/models/absent/versions/1")]
    [InlineData("/v2/models/absent/versions/1/ready")]
    public async Task ModelMetadata_UnknownModel_Returns404WithError(string path)
    {
        using var response = await _client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("'absent'", doc.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
