using System.Net;
using System.Security.Cryptography;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Client;

namespace Modelplane.Cli.Tests.Client;

public sealed class ModelplaneClientModelsTests
{
    private readonly FakeModelplaneServer _server = new();
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PushModelAsync_WithOptions_SendsMetadataInQueryAndBytesAsOctetStream()
    {
        using var client = _server.CreateClient();
        var bytes = RandomNumberGenerator.GetBytes(1000);
        var options = new PushOptions
        {
            Description = "first try & more",
            Tags = new Dictionary<string, string> { ["team"] = "risk=high" },
            Metrics = new Dictionary<string, double> { ["auc"] = 0.91 },
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        };

        await client.PushModelAsync("churn", new MemoryStream(bytes), options, ct: Ct);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(
            $"/api/v1/models/churn/versions?description=first%20try%20%26%20more&tag=team%3Drisk%3Dhigh&metric=auc%3D0.91&sha256={options.Sha256}",
            request.PathAndQuery);
        Assert.Equal("application/octet-stream", request.ContentType);
        Assert.Equal(bytes, request.Body);
    }

    [Fact]
    public async Task PushModelAsync_Created_ReturnsServerVersion()
    {
        using var client = _server.CreateClient();
        var bytes = RandomNumberGenerator.GetBytes(64);
        _server.AddVersion("churn", [1, 2, 3]);

        var version = await client.PushModelAsync("churn", new MemoryStream(bytes), ct: Ct);

        Assert.Equal(2, version.Version);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), version.Digest);
        Assert.Equal(64, version.SizeBytes);
    }

    [Fact]
    public async Task PushModelAsync_LargeStream_ReportsIncreasingProgressEndingAtLength()
    {
        using var client = _server.CreateClient();
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var reports = new List<long>();

        await client.PushModelAsync("big", new MemoryStream(bytes), progress: new CallbackProgress<long>(reports.Add), ct: Ct);

        Assert.True(reports.Count > 1, $"expected the upload in several chunks, got {reports.Count} report(s)");
        Assert.Equal(reports.Order(), reports);
        Assert.Equal(bytes.Length, reports[^1]);
        Assert.Equal(bytes, _server.Requests[0].Body);
    }

    [Fact]
    public async Task PushModelAsync_CallerStream_IsLeftOpen()
    {
        using var client = _server.CreateClient();
        var stream = new MemoryStream(new byte[10]);

        await client.PushModelAsync("m", stream, ct: Ct);

        Assert.True(stream.CanRead);
    }

    [Fact]
    public async Task PushModelAsync_DigestMismatch_ThrowsWithServerMessage()
    {
        using var client = _server.CreateClient();

        var ex = await Assert.ThrowsAsync<ModelplaneApiException>(
            () => client.PushModelAsync("m", new MemoryStream([1, 2]), new PushOptions { Sha256 = new string('0', 64) }, ct: Ct));

        Assert.Equal(400, ex.Status);
        Assert.StartsWith("The upload's SHA-256 is ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetVersionAsync_UnknownVersion_Throws404WithServerMessage()
    {
        using var client = _server.CreateClient();
        _server.AddVersion("churn", [1]);

        var ex = await Assert.ThrowsAsync<ModelplaneApiException>(() => client.GetVersionAsync("churn", 7, Ct));

        Assert.Equal(404, ex.Status);
        Assert.Equal("Model version 'churn@7' does not exist.", ex.Message);
        Assert.Equal("/api/v1/models/churn/versions/7", _server.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task GetModelAsync_NameWithSpace_EscapesPathSegment()
    {
        using var client = _server.CreateClient();
        _server.AddVersion("my model", [1]);

        var model = await client.GetModelAsync("my model", Ct);

        Assert.Equal("my model", model.Name);
        Assert.Equal("/api/v1/models/my%20model", _server.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task ListModelsAsync_TwoModels_ReturnsBoth()
    {
        using var client = _server.CreateClient();
        _server.AddVersion("a", [1]);
        _server.AddVersion("b", [2]);
        _server.AddVersion("b", [3]);

        var models = await client.ListModelsAsync(Ct);

        Assert.Equal(["a:1", "b:2"], models.Select(m => $"{m.Name}:{m.LatestVersion}"));
    }

    [Fact]
    public async Task Constructor_BaseAddressWithPathPrefix_KeepsPrefix()
    {
        _server.PathPrefix = "/modelplane";
        using var client = new ModelplaneClient(new Uri("http://fake.test/modelplane"), _server);

        await client.ListModelsAsync(Ct);

        Assert.Equal("/modelplane/api/v1/models", _server.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task ListModelsAsync_PlainTextError_UsesBodyAsMessage()
    {
        using var client = new ModelplaneClient(new HttpClient(new StaticResponse(HttpStatusCode.BadGateway, "upstream down")) { BaseAddress = new Uri("http://fake.test/") });

        var ex = await Assert.ThrowsAsync<ModelplaneApiException>(() => client.ListModelsAsync(Ct));

        Assert.Equal((502, "upstream down"), (ex.Status, ex.Message));
    }
}
