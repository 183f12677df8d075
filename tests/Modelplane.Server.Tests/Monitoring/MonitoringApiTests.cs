using System.Net;
using System.Net.Http.Json;
using System.Text;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Monitoring;

/// <summary>Monitoring settings, drift windows and retraining webhooks through the real HTTP stack: what they keep and what they refuse.</summary>
public sealed class MonitoringApiTests(MonitoringAppFactory app) : IClassFixture<MonitoringAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetMonitoring_NeverSet_ShowsTheDefaults()
    {
        var endpoint = await EndpointAsync();

        var settings = await app.CreateClient().GetFromJsonAsync($"/api/v1/endpoints/{endpoint}/monitoring", ModelplaneJsonContext.Default.MonitoringSettingsDto, Ct);

        Assert.Equal((true, 1000L, "1h", 3, (string?)null), (settings!.Enabled, settings.WindowRows, settings.WindowDuration, settings.ConsecutiveWindows, settings.UpdatedBy));
        Assert.Equal((0.1, 0.25, 0.05, 100L), (settings.Thresholds.PsiWarning, settings.Thresholds.PsiAlert, settings.Thresholds.PValueAlpha, settings.Thresholds.MinRows));
    }

    [Fact]
    public async Task SetMonitoring_SomeFields_ChangesOnlyThoseAndKeepsThem()
    {
        var endpoint = await EndpointAsync();

        await SetAsync(endpoint, new SetMonitoringRequest(WindowDuration: "30m", ConsecutiveWindows: 5, Thresholds: new DriftThresholdsDto(PsiAlert: 0.3)));
        var settings = await app.CreateClient().GetFromJsonAsync($"/api/v1/endpoints/{endpoint}/monitoring", ModelplaneJsonContext.Default.MonitoringSettingsDto, Ct);

        Assert.Equal((1000L, "30m", 5, 0.3, 0.1), (settings!.WindowRows, settings.WindowDuration, settings.ConsecutiveWindows, settings.Thresholds.PsiAlert, settings.Thresholds.PsiWarning));
        Assert.Equal("admin", settings.UpdatedBy);
    }

    [Theory]
    [InlineData("""{"windowRows":0}""", "windowRows must be at least 1 (got 0)")]
    [InlineData("""{"windowDuration":"soon"}""", "windowDuration 'soon' is not a duration")]
    [InlineData("""{"clearWindowRows":true,"clearWindowDuration":true}""", "a window needs a size in rows, a duration, or both")]
    [InlineData("""{"consecutiveWindows":0}""", "consecutive windows must be between 1 and 100 (got 0)")]
    [InlineData("""{"thresholds":{"psiWarning":0.5,"psiAlert":0.2}}""", "thresholds.psiWarning must not be above thresholds.psiAlert")]
    [InlineData("""{"thresholds":{"pValueAlpha":2}}""", "thresholds.pValueAlpha must be from 0 to 1 (got 2)")]
    [InlineData("""{"windowRows":"many"}""", "windowRows")]
    public async Task SetMonitoring_BadSettings_400NamingTheProblemAndNothingChanges(string body, string message)
    {
        var endpoint = await EndpointAsync();

        using var response = await app.CreateClient().PutAsync(
            $"/api/v1/endpoints/{endpoint}/monitoring", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.ErrorDto, Ct))!.Error, StringComparison.Ordinal);
        var settings = await app.CreateClient().GetFromJsonAsync($"/api/v1/endpoints/{endpoint}/monitoring", ModelplaneJsonContext.Default.MonitoringSettingsDto, Ct);
        Assert.Null(settings!.UpdatedBy);
    }

    [Theory]
    [InlineData("/api/v1/endpoints/nope/monitoring", "Endpoint 'nope' not found")]
    [InlineData("/api/v1/endpoints/nope/drift", "Endpoint 'nope' not found")]
    [InlineData("/api/v1/endpoints/nope/quality", "Endpoint 'nope' not found")]
    [InlineData("/api/v1/endpoints/nope/drift/windows/12", "has no monitoring window 12")]
    [InlineData("/api/v1/models/nope/retraining", "Model 'nope' has no retraining webhook")]
    public async Task Get_UnknownThing_404SayingWhatToDo(string path, string message)
    {
        using var response = await app.CreateClient().GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.ErrorDto, Ct))!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDriftWindow_IdNotANumber_400()
    {
        var endpoint = await EndpointAsync();

        using var response = await app.CreateClient().GetAsync($"/api/v1/endpoints/{endpoint}/drift/windows/latest", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'latest' is not a window id", (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.ErrorDto, Ct))!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDrift_VersionWithoutReferenceProfile_NotMonitored()
    {
        var endpoint = await EndpointAsync();

        var drift = await app.CreateClient().GetFromJsonAsync($"/api/v1/endpoints/{endpoint}/drift", ModelplaneJsonContext.Default.EndpointDriftDto, Ct);

        var version = Assert.Single(drift!.Versions);
        Assert.Equal((false, 0L, 0), (version.Monitored, version.OpenWindowRows, version.Windows.Count));
    }

    [Theory]
    [InlineData("""{"url":"ftp://example.com/x"}""", "url 'ftp://example.com/x' is not an absolute http or https URL")]
    [InlineData("""{"url":"https://example.com/x","cooldown":"10s"}""", "cooldown '10s' is not a duration from 1m to 90d")]
    public async Task SetRetraining_BadRequest_400NamingTheProblem(string body, string message)
    {
        var model = TestModels.UniqueName("rt");
        await app.PushAsync(model, TestModels.Linear3());

        using var response = await app.CreateClient().PutAsync($"/api/v1/models/{model}/retraining", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.ErrorDto, Ct))!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetRetraining_ThenGetAndDelete_KeepsUrlAndCooldownHidesSecret()
    {
        var model = TestModels.UniqueName("rt");
        await app.PushAsync(model, TestModels.Linear3());
        using var client = app.CreateClient();

        using (var set = await client.PutAsJsonAsync(
            $"/api/v1/models/{model}/retraining", new SetRetrainingRequest("https://ci.example.com/retrain", "6h", "s3cret"), ModelplaneJsonContext.Default.SetRetrainingRequest, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        var trigger = await client.GetFromJsonAsync($"/api/v1/models/{model}/retraining", ModelplaneJsonContext.Default.RetrainingTriggerDto, Ct);
        Assert.Equal(("https://ci.example.com/retrain", "6h", true, 0L), (trigger!.Url, trigger.Cooldown, trigger.HasSecret, trigger.Fired));
        using var deleted = await client.DeleteAsync($"/api/v1/models/{model}/retraining", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await client.GetAsync($"/api/v1/models/{model}/retraining", Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private async Task<string> EndpointAsync()
    {
        var model = TestModels.UniqueName("mon");
        await app.PushAsync(model, TestModels.Linear3());
        var endpoint = model + "-ep";
        await app.CreateEndpointAsync(endpoint, model, 1);
        return endpoint;
    }

    private async Task SetAsync(string endpoint, SetMonitoringRequest request)
    {
        using var response = await app.CreateClient().PutAsJsonAsync($"/api/v1/endpoints/{endpoint}/monitoring", request, ModelplaneJsonContext.Default.SetMonitoringRequest, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}
