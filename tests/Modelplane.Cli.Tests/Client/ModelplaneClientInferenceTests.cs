using System.Net;
using System.Text;
using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Client;

namespace Modelplane.Cli.Tests.Client;

public sealed class ModelplaneClientInferenceTests
{
    private readonly FakeModelplaneServer _server = new();
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InferAsync_OipRequest_PostsBodyAndReturnsResponseJson()
    {
        using var client = await ServedClientAsync();
        const string body = """{"inputs":[{"name":"Features","shape":[2,3],"datatype":"FP32","data":[1,2,3,4,5,-20]}]}""";

        var response = await client.InferAsync("prod", Encoding.UTF8.GetBytes(body), Ct);

        Assert.Equal(("/v2/models/prod/infer", body), (_server.Requests[^1].PathAndQuery, _server.Requests[^1].BodyText));
        var score = response.GetProperty("outputs")[0];
        Assert.Equal("Score", score.GetProperty("name").GetString());
        Assert.Equal([6.0, -11.0], score.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public async Task InferAsync_WrongDatatype_ThrowsWithServerMessage()
    {
        using var client = await ServedClientAsync();
        using var request = JsonDocument.Parse("""{"inputs":[{"name":"Features","shape":[1,3],"datatype":"INT64","data":[1,2,3]}]}""");

        var ex = await Assert.ThrowsAsync<ModelplaneApiException>(() => client.InferAsync("prod", request.RootElement, Ct));

        Assert.Equal((400, "Input 'Features' must be FP32."), (ex.Status, ex.Message));
    }

    [Fact]
    public async Task GetModelMetadataAsync_Endpoint_ReturnsInputsFromSignature()
    {
        using var client = await ServedClientAsync();

        var metadata = await client.GetModelMetadataAsync("prod", Ct);

        var input = Assert.Single(metadata.Inputs);
        Assert.Equal(("Features", "FP32"), (input.Name, input.Datatype));
        Assert.Equal([-1L, 3L], input.Shape);
        Assert.Equal("/v2/models/prod", _server.Requests[^1].PathAndQuery);
    }

    [Fact]
    public async Task IsReadyAsync_ServerAnswers200_ReturnsTrue()
    {
        using var client = _server.CreateClient();

        Assert.True(await client.IsReadyAsync(Ct));
    }

    [Fact]
    public async Task IsReadyAsync_ServerAnswers503_ReturnsFalse()
    {
        using var client = new ModelplaneClient(new Uri("http://fake.test/"), new StaticResponse(HttpStatusCode.ServiceUnavailable, "loading"));

        Assert.False(await client.IsReadyAsync(Ct));
    }

    [Fact]
    public async Task IsReadyAsync_NothingListening_ReturnsFalse()
    {
        using var client = new ModelplaneClient(ClosedPort.Url());

        Assert.False(await client.IsReadyAsync(Ct));
    }

    [Fact]
    public async Task ListModelsAsync_NothingListening_ThrowsHttpRequestExceptionWithoutStatus()
    {
        using var client = new ModelplaneClient(ClosedPort.Url());

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.ListModelsAsync(Ct));

        Assert.Null(ex.StatusCode);
    }

    private async Task<ModelplaneClient> ServedClientAsync()
    {
        var client = _server.CreateClient();
        _server.AddVersion("churn", [1]);
        await client.CreateEndpointAsync("prod", "churn", 1, Ct);
        return client;
    }
}
