using System.Diagnostics;
using System.Text.Json;

namespace Modelplane.EndToEnd.Tests.Observability;

/// <summary>A real Prometheus scrapes the real server's <c>/metrics</c> with a token and answers PromQL about it.</summary>
[Collection(ScrapedServerGroup.Name)]
public sealed class PrometheusScrapeTests(ScrapedServerFixture fixture)
{
    [Fact]
    public async Task Query_RequestsOfEndpoint_EqualsPredictionsSent()
    {
        var value = await PollAsync(() => ScrapedServerFixture.SumOfRequestsAsync(fixture.Prometheus), v => v == ScrapedServerFixture.Predictions);

        Assert.Equal(ScrapedServerFixture.Predictions, value);
    }

    [Fact]
    public async Task Targets_ServerScrapedWithToken_HealthUp()
    {
        var health = await PollAsync(async () =>
        {
            using var body = JsonDocument.Parse(await fixture.Prometheus.Http.GetStringAsync("/api/v1/targets?state=active"));
            var target = body.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
                .Single(t => t.GetProperty("labels").GetProperty("job").GetString() == PrometheusProcess.Job);
            return $"{target.GetProperty("health").GetString()} {target.GetProperty("lastError").GetString()}".Trim();
        }, h => h != "unknown");

        Assert.Equal("up", health);
    }

    /// <summary>Reads until <paramref name="done"/> holds (Prometheus scrapes every second) or 30 s pass; returns the last reading.</summary>
    internal static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var clock = Stopwatch.StartNew();
        var value = await read();
        while (!done(value) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(250, TestContext.Current.CancellationToken);
            value = await read();
        }

        return value;
    }
}
