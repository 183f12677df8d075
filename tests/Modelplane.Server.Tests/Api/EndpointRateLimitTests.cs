using System.Net;
using System.Net.Http.Json;
using System.Text;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;

namespace Modelplane.Server.Tests.Api;

/// <summary>Per-endpoint and per-caller rate limits: requests over a limit get 429 with Retry-After, others are served.</summary>
public sealed class EndpointRateLimitTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EndpointLimit_BurstBeyondIt_Gets429WithRetryAfter()
    {
        var endpoint = await EndpointAsync();
        await SetLimitsAsync(endpoint, new SetRateLimitsRequest(5, null));
        using var client = app.CreateClient();

        var statuses = new List<(HttpStatusCode Status, string? RetryAfter)>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await InferAsync(client, endpoint);
            statuses.Add((response.StatusCode, response.Headers.RetryAfter?.ToString()));
        }

        // A bucket of 5 (one second's worth) is spent within the burst; what follows is refused until it refills.
        Assert.InRange(statuses.Count(s => s.Status == HttpStatusCode.OK), 5, 8);
        Assert.All(statuses.Where(s => s.Status != HttpStatusCode.OK), s => Assert.Equal((HttpStatusCode.TooManyRequests, "1"), s));
    }

    [Fact]
    public async Task CallerLimit_OneCallerOverIt_DoesNotSlowAnother()
    {
        var endpoint = await EndpointAsync();
        await SetLimitsAsync(endpoint, new SetRateLimitsRequest(null, 3));
        using var noisy = app.CreateClient(await app.MemberTokenAsync("rl-noisy", Role.Viewer));
        using var quiet = app.CreateClient(await app.MemberTokenAsync("rl-quiet", Role.Viewer));

        var noisyRefused = 0;
        for (var i = 0; i < 15; i++)
        {
            using var response = await InferAsync(noisy, endpoint);
            noisyRefused += response.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
        }

        using var fromQuiet = await InferAsync(quiet, endpoint);
        Assert.True(noisyRefused >= 10, $"only {noisyRefused} of 15 refused");
        Assert.Equal(HttpStatusCode.OK, fromQuiet.StatusCode);
        Assert.Contains($"Endpoint '{endpoint}' is over its rate limit", await (await InferAsync(noisy, endpoint)).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemovedLimits_ServeEveryRequestAgain()
    {
        var endpoint = await EndpointAsync();
        await SetLimitsAsync(endpoint, new SetRateLimitsRequest(1, 1));
        var cleared = await SetLimitsAsync(endpoint, new SetRateLimitsRequest(null, null));
        using var client = app.CreateClient();

        Assert.Equal((null, null), (cleared.RateLimit, cleared.CallerRateLimit));
        for (var i = 0; i < 20; i++)
        {
            using var response = await InferAsync(client, endpoint);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("""{"perSecond":0}""", 400)]
    [InlineData("""{"perCallerPerSecond":-5}""", 400)]
    [InlineData("""{"perSecond":"fast"}""", 400)]
    public async Task BadLimits_Are400(string body, int status)
    {
        var endpoint = await EndpointAsync();

        using var response = await app.CreateClient().PutAsync($"/api/v1/endpoints/{endpoint}/rate-limits", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(status, (int)response.StatusCode);
    }

    private async Task<string> EndpointAsync()
    {
        var model = TestModels.UniqueName("rl");
        await app.PushAsync(model, TestModels.Linear3());
        await app.CreateEndpointAsync(model, model, 1);
        return model;
    }

    private async Task<EndpointDto> SetLimitsAsync(string endpoint, SetRateLimitsRequest request)
    {
        using var response = await app.CreateClient().PutAsJsonAsync($"/api/v1/endpoints/{endpoint}/rate-limits", request, ModelplaneJsonContext.Default.SetRateLimitsRequest, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.EndpointDto, Ct))!;
    }

    private static Task<HttpResponseMessage> InferAsync(HttpClient client, string endpoint) =>
        client.PostAsync($"/v2/models/{endpoint}/infer", new StringContent(TestModels.Request([1, 1, 1]), Encoding.UTF8, "application/json"), Ct);
}
