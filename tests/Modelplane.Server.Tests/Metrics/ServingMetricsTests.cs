using System.Net;
using System.Net.Http.Json;
using System.Text;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Testing.Metrics;

namespace Modelplane.Server.Tests.Metrics;

/// <summary>
/// What <c>/metrics</c> says about serving beyond request counts, checked against what was done: loads, runtime
/// executions, occupancy, shadow copies, rate-limit refusals; and that client-typed names never add series.
/// </summary>
public sealed class ServingMetricsTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TenThousandRandomModelNames_AddNoSeries()
    {
        await InferAsync("warm-up-unknown");
        var before = await ScrapeAsync();
        var unknownBefore = UnknownRequests(before);

        for (var i = 0; i < 10_000; i++)
        {
            // Unknown names, unknown versions of them, and aliases: every path a typed name can take.
            var name = Guid.NewGuid().ToString("N");
            var path = (i % 3) switch
            {
                0 => $"/v2/models/{name}/infer",
                1 => $"/v2/models/{name}/versions/{i}/infer",
                _ => $"/v2/models/{name}/versions/alias{i}/infer",
            };
            await InferAtAsync(path);
        }

        var after = await ScrapeAsync();
        Assert.Equal(SeriesOf(before), SeriesOf(after));
        Assert.Equal(unknownBefore + 10_000, UnknownRequests(after));
    }

    [Fact]
    public async Task LoadedVersion_ReportsLoadTimeExecutionsAndOccupancy()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        await app.CreateEndpointAsync(model, model, 1);
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await InferAsync(model));
        }

        var metrics = await ScrapeAsync();
        var version = new[] { ("workspace", "default"), ("model", model), ("version", "1") };
        Assert.Equal(1, metrics.Value("modelplane_model_load_duration_seconds_count", version));
        Assert.True(metrics.Value("modelplane_model_load_duration_seconds_sum", version) > 0);
        // One row per request, each its own execution (no batching configured).
        Assert.Equal(7, metrics.Value("modelplane_inference_batch_size_count", version));
        Assert.Equal(7, metrics.Value("modelplane_inference_batch_size_sum", version));
        Assert.Equal(0, metrics.Value("modelplane_inference_in_flight", version));
        Assert.Equal(0, metrics.Value("modelplane_inference_queue_depth", version));
    }

    [Fact]
    public async Task ShadowAndRateLimit_AreCounted()
    {
        var model = TestModels.UniqueName("obs");
        await app.PushAsync(model, TestModels.Linear3(0.5f));
        await app.PushAsync(model, TestModels.Linear3(0.5f));
        await app.CreateEndpointAsync(model, model, 1);
        await PutAsync($"/api/v1/endpoints/{model}/policies", new EndpointPoliciesDto(Shadow: new ShadowPolicyDto(model, 2, 100)), ModelplaneJsonContext.Default.EndpointPoliciesDto);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await InferAsync(model));
        }

        // Copies run after the answers: wait until all ten are accounted for.
        var endpoint = new[] { ("workspace", "default"), ("endpoint", model) };
        var waited = System.Diagnostics.Stopwatch.StartNew();
        Exposition metrics;
        do
        {
            metrics = await ScrapeAsync();
        }
        while (metrics.Find("modelplane_shadow_copies_total", endpoint).Sum(s => s.Value) < 10 && waited.Elapsed < TimeSpan.FromSeconds(20) && await Delay());

        Assert.Equal(10, metrics.Find("modelplane_shadow_copies_total", endpoint).Sum(s => s.Value));
        Assert.Equal(0, metrics.Value("modelplane_shadow_copies_total", [.. endpoint, ("outcome", "failed")]));
        // The same weights on both sides: a regressor's scores agree exactly (label agreement is for classifiers).
        Assert.Equal(0, metrics.Value("modelplane_shadow_score_difference", endpoint));

        await PutAsync($"/api/v1/endpoints/{model}/rate-limits", new SetRateLimitsRequest(2, null), ModelplaneJsonContext.Default.SetRateLimitsRequest);
        var refused = 0;
        for (var i = 0; i < 12; i++)
        {
            refused += await InferAsync(model) == HttpStatusCode.TooManyRequests ? 1 : 0;
        }

        Assert.True(refused > 0, "12 quick requests against 2/s were all admitted");
        Assert.Equal(refused, (await ScrapeAsync()).Value("modelplane_rate_limited_requests_total", endpoint));
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100, Ct);
        return true;
    }

    private static int SeriesOf(Exposition metrics) => metrics.Samples.Count(s => s.Name.StartsWith("modelplane_", StringComparison.Ordinal));

    private static double UnknownRequests(Exposition metrics) =>
        metrics.Value("modelplane_inference_requests_total", ("workspace", "default"), ("endpoint", "unknown"), ("model", "unknown"), ("status_class", "4xx"));

    private async Task<Exposition> ScrapeAsync() => Exposition.Parse(await _client.GetStringAsync("/metrics", Ct));

    private Task<HttpStatusCode> InferAsync(string name) => InferAtAsync($"/v2/models/{name}/infer");

    private async Task<HttpStatusCode> InferAtAsync(string path)
    {
        using var content = new StringContent(TestModels.Request([1, 2, 3]), Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(path, content, Ct);
        return response.StatusCode;
    }

    private async Task PutAsync<T>(string path, T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var response = await _client.PutAsJsonAsync(path, body, type, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }
}
