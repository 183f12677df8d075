using Modelplane.Cli.Tests.Cli.Drift;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Tests.Client;

public sealed class ModelplaneClientDriftTests
{
    private readonly FakeModelplaneServer _server = new();
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetDriftAsync_NoFilters_SendsNoQuery()
    {
        using var client = _server.CreateClient();
        _server.Drift["my endpoint"] = DriftSamples.Drift(DriftSamples.Version(windows: DriftSamples.Window()));

        var drift = await client.GetDriftAsync("my endpoint", ct: Ct);

        Assert.Equal("/api/v1/endpoints/my%20endpoint/drift", Assert.Single(_server.Requests).PathAndQuery);
        Assert.Equal(17, drift.Versions[0].Windows[0].Id);
    }

    [Fact]
    public async Task GetQualityAsync_AllFilters_SendsThemEscaped()
    {
        using var client = _server.CreateClient();
        _server.Quality["churn"] = new EndpointQualityDto("churn", 0.2, []);

        await client.GetQualityAsync("churn", "churn&co", 3, 5, Ct);

        Assert.Equal("/api/v1/endpoints/churn/quality?model=churn%26co&version=3&limit=5", Assert.Single(_server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task GetDriftWindowAsync_Known_ReturnsTheWindow()
    {
        using var client = _server.CreateClient();
        _server.Drift["churn"] = DriftSamples.Drift(DriftSamples.Version(windows: [DriftSamples.Window(18), DriftSamples.Window(17)]));

        var window = await client.GetDriftWindowAsync("churn", 17, Ct);

        Assert.Equal((17L, "drift", 5), (window.Id, window.Verdict, window.Features.Count));
    }

    [Fact]
    public async Task SetMonitoringAsync_Request_PutsCamelCaseBody()
    {
        using var client = _server.CreateClient();
        _server.AddEndpoint("churn", "churn");

        var settings = await client.SetMonitoringAsync("churn", new SetMonitoringRequest(WindowRows: 250, ClearWindowDuration: true), Ct);

        var request = Assert.Single(_server.Requests);
        Assert.Equal((HttpMethod.Put, "/api/v1/endpoints/churn/monitoring"), (request.Method, request.PathAndQuery));
        Assert.Contains("\"windowRows\":250", request.BodyText, StringComparison.Ordinal);
        Assert.Contains("\"clearWindowDuration\":true", request.BodyText, StringComparison.Ordinal);
        Assert.Equal((250L, (string?)null), (settings.WindowRows, settings.WindowDuration));
    }

    [Fact]
    public async Task GetMonitoringAsync_UnknownEndpoint_Throws404WithTheServersMessage()
    {
        using var client = _server.CreateClient();

        var ex = await Assert.ThrowsAsync<ModelplaneApiException>(() => client.GetMonitoringAsync("nope", Ct));

        Assert.Equal((404, "Endpoint 'nope' does not exist."), (ex.Status, ex.Message));
    }

    [Fact]
    public async Task RetrainingMethods_SetGetDelete_UseTheModelsRetrainingPath()
    {
        using var client = _server.CreateClient();
        _server.AddVersion("churn", [1]);

        var set = await client.SetRetrainingAsync("churn", new SetRetrainingRequest("http://ci/retrain", "2d"), Ct);
        var got = await client.GetRetrainingAsync("churn", Ct);
        await client.DeleteRetrainingAsync("churn", Ct);

        Assert.Equal(set, got);
        Assert.Equal(("http://ci/retrain", "2d", false), (got.Url, got.Cooldown, got.HasSecret));
        Assert.Equal(
            [(HttpMethod.Put, "/api/v1/models/churn/retraining"), (HttpMethod.Get, "/api/v1/models/churn/retraining"), (HttpMethod.Delete, "/api/v1/models/churn/retraining")],
            _server.Requests.Select(r => (r.Method, r.PathAndQuery)));
    }
}
