using System.Globalization;
using System.Net;
using System.Text;
using Modelplane.Client;

namespace Modelplane.EndToEnd.Tests.Observability;

/// <summary>
/// One real Modelplane server with endpoint <see cref="Endpoint"/> that has answered <see cref="Predictions"/>
/// predictions, and one real Prometheus scraping it every second; shared by the scrape and dashboard tests.
/// </summary>
public sealed class ScrapedServerFixture : IAsyncLifetime
{
    public const string Endpoint = "bc";

    public const int Predictions = 7;

    public ModelplaneProcess Server { get; private set; } = null!;

    public PrometheusProcess Prometheus { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await ModelplaneProcess.StartAsync();
        using var http = Server.CreateHttpClient();
        using (var client = new ModelplaneClient(http))
        {
            await using var onnx = File.OpenRead(Samples.BreastCancerOnnx);
            var version = await client.PushModelAsync("breast-cancer", onnx);
            await client.CreateEndpointAsync(Endpoint, "breast-cancer", version.Version);
        }

        // One prediction before Prometheus first sees the series and the rest after, so increase() over the range
        // counts them (Prometheus does not assume a new series started from 0), as with a server scraped from its start.
        Prometheus = await PrometheusProcess.StartAsync(Server.BaseAddress, Server.AdminToken);
        var body = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "breast-cancer-1row.json"));
        await PredictAsync(http, body);
        await PrometheusScrapeTests.PollAsync(() => SumOfRequestsAsync(Prometheus), v => v == 1);
        for (var i = 1; i < Predictions; i++)
        {
            await PredictAsync(http, body);
        }
    }

    /// <summary>What Prometheus has of <c>sum(modelplane_inference_requests_total{endpoint="bc"})</c>, or null before it has a sample.</summary>
    public static async Task<double?> SumOfRequestsAsync(PrometheusProcess prometheus)
    {
        var (status, body) = await prometheus.QueryAsync($"sum(modelplane_inference_requests_total{{endpoint=\"{Endpoint}\"}})");
        using (body)
        {
            Assert.Equal(HttpStatusCode.OK, status);
            var result = body.RootElement.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 1 ? double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture) : null;
        }
    }

    private static async Task PredictAsync(HttpClient http, string body)
    {
        using var response = await http.PostAsync($"/v2/models/{Endpoint}/infer", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (Prometheus is not null)
        {
            await Prometheus.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ScrapedServerGroup : ICollectionFixture<ScrapedServerFixture>
{
    public const string Name = "Modelplane scraped by Prometheus";
}
