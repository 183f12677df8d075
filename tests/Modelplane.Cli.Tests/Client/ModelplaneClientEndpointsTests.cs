using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Client;

namespace Modelplane.Cli.Tests.Client;

public sealed class ModelplaneClientEndpointsTests
{
    private readonly FakeModelplaneServer _server = new();
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateEndpointAsync_KnownVersion_PostsCamelCaseBody()
    {
        using var client = _server.CreateClient();
        _server.AddVersion("churn", [1]);

        var endpoint = await client.CreateEndpointAsync("prod", "churn", 1, Ct);

        var request = Assert.Single(_server.Requests);
        Assert.Equal((HttpMethod.Post, "/api/v1/endpoints", "application/json"), (request.Method, request.PathAndQuery, request.ContentType));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(("prod", "churn", 1), (body.RootElement.GetProperty("name").GetString(), body.RootElement.GetProperty("model").GetString(), body.RootElement.GetProperty("version").GetInt32()));
        Assert.Equal(("prod", "churn", 1), (endpoint.Name, endpoint.Model, endpoint.Version));
    }

    [Fact]
    public async Task CreateEndpointAsync_Duplicate_Throws409WithServerMessage()
    {
        using var client = _server.CreateClient();
        _server.AddVersion("churn", [1]);
        await client.CreateEndpointAsync("prod", "churn", 1, Ct);

        var ex = await Assert.ThrowsAsync<ModelplaneApiException>(() => client.CreateEndpointAsync("prod", "churn", 1, Ct));

        Assert.Equal((409, "Endpoint 'prod' already exists."), (ex.Status, ex.Message));
    }

    [Fact]
    public async Task SetEndpointTargetAsync_Existing_PutsModelAndVersion()
    {
        using var client = _server.CreateClient();
        _server.AddVersion("churn", [1]);
        _server.AddVersion("churn", [2]);
        await client.CreateEndpointAsync("prod", "churn", 1, Ct);

        var endpoint = await client.SetEndpointTargetAsync("prod", "churn", 2, Ct);

        var request = _server.Requests[^1];
        Assert.Equal((HttpMethod.Put, "/api/v1/endpoints/prod"), (request.Method, request.PathAndQuery));
        Assert.Equal("""{"model":"churn","version":2}""", request.BodyText);
        Assert.Equal(2, endpoint.Version);
    }

    [Fact]
    public async Task ListEndpointsAsync_OneEndpoint_ReturnsIt()
    {
        using var client = _server.CreateClient();
        _server.AddVersion("churn", [1]);
        await client.CreateEndpointAsync("prod", "churn", 1, Ct);

        var endpoints = await client.ListEndpointsAsync(Ct);

        Assert.Equal("prod", Assert.Single(endpoints).Name);
    }

    [Fact]
    public async Task GetEndpointAsync_Unknown_Throws404()
    {
        using var client = _server.CreateClient();

        var ex = await Assert.ThrowsAsync<ModelplaneApiException>(() => client.GetEndpointAsync("nope", Ct));

        Assert.Equal((404, "Endpoint 'nope' does not exist."), (ex.Status, ex.Message));
    }
}
