using System.Text;
using Modelplane.Testing.Metrics;

namespace Modelplane.Server.Tests.Metrics;

public sealed class MetricsTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_AfterInferences_CountsByEndpointModelVersionAndStatusClass()
    {
        var model = TestModels.UniqueName();
        var endpoint = TestModels.UniqueName("e");
        await app.PushAsync(model, TestModels.Linear3());
        await app.CreateEndpointAsync(endpoint, model, 1);

        for (var i = 0; i < 3; i++)
        {
            await PostAsync($"/v2/models/{endpoint}/infer", TestModels.Request([1, 2, 3]));
        }

        await PostAsync($"/v2/models/{endpoint}/infer", "{broken");
        await PostAsync($"/v2/models/{model}/infer", TestModels.Request([1, 2, 3]));
        var metrics = await ScrapeAsync();

        Assert.Equal(3, Value(metrics, "modelplane_inference_requests_total", endpoint, model, "2xx"));
        Assert.Equal(1, Value(metrics, "modelplane_inference_requests_total", endpoint, model, "4xx"));
        Assert.Equal(1, Value(metrics, "modelplane_inference_requests_total", "", model, "2xx"));
        Assert.Equal(3, Value(metrics, "modelplane_inference_request_duration_seconds_count", endpoint, model, "2xx"));
    }

    [Fact]
    public async Task Metrics_ManyUnknownModelNames_AddNoSeriesPerName()
    {
        for (var i = 0; i < 25; i++)
        {
            await PostAsync($"/v2/models/unknown-{i}/infer", TestModels.Request([1, 2, 3]));
        }

        var text = await _client.GetStringAsync("/metrics", Ct);

        Assert.DoesNotContain("unknown-", text, StringComparison.Ordinal);
        Assert.True(Value(Exposition.Parse(text), "modelplane_inference_requests_total", "unknown", "unknown", "4xx") >= 25);
    }

    private static double Value(Exposition metrics, string metric, string endpoint, string model, string statusClass) =>
        metrics.Value(metric, ("workspace", "default"), ("endpoint", endpoint), ("model", model), ("status_class", statusClass));

    private async Task<Exposition> ScrapeAsync() => Exposition.Parse(await _client.GetStringAsync("/metrics", Ct));

    private async Task PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(path, content, Ct);
    }
}
