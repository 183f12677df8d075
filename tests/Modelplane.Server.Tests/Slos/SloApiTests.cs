using System.Net;
using System.Net.Http.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using static Modelplane.Server.Tests.Slos.SloTestData;

namespace Modelplane.Server.Tests.Slos;

/// <summary>Setting, reading and removing SLOs, status from real requests and seeded counts, and the 400s and 404s.</summary>
public sealed class SloApiTests(SloAppFactory app) : IClassFixture<SloAppFactory>
{
    [Fact]
    public async Task PutGetDelete_RoundTripsObjectives()
    {
        var endpoint = await EndpointWithSloAsync(app, """{"availability":{"target":0.999,"window":"30d"},"latency":{"thresholdMs":250,"target":0.99,"window":"7d"}}""");

        var slo = await app.CreateClient().GetFromJsonAsync($"/api/v1/endpoints/{endpoint}/slo", ModelplaneJsonContext.Default.SloDto, Ct);
        using var deleted = await app.CreateClient().DeleteAsync($"/api/v1/endpoints/{endpoint}/slo", Ct);
        using var gone = await app.CreateClient().GetAsync($"/api/v1/endpoints/{endpoint}/slo", Ct);

        Assert.Equal(new SloObjectiveDto(0.999, "30d"), slo!.Availability);
        Assert.Equal(new SloObjectiveDto(0.99, "7d", 250), slo.Latency);
        Assert.Null(slo.Quality);
        Assert.Equal("admin", slo.UpdatedBy);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Status_RealRequests_CountedPerObjective_ThresholdChangeAppliesFromThenOn()
    {
        // A threshold of a microsecond: every request is slow.
        var endpoint = await EndpointWithSloAsync(app, """{"availability":{"target":0.999,"window":"30d"},"latency":{"thresholdMs":0.001,"target":0.99,"window":"30d"}}""");
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await PredictAsync(app, endpoint));
        }

        (await app.CreateClient().PutAsync($"/api/v1/endpoints/{endpoint}/slo", Json("""{"availability":{"target":0.999,"window":"30d"},"latency":{"thresholdMs":60000,"target":0.99,"window":"30d"}}"""), Ct)).Dispose();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await PredictAsync(app, endpoint));
        }

        var availability = await StatusAsync(app, endpoint);
        var latency = await StatusAsync(app, endpoint, "latency");
        Assert.Equal((10L, 0L, 1.0), (availability.Events, availability.BadEvents, availability.Sli!.Value));
        Assert.Equal((10L, 7L), (latency.Events, latency.BadEvents));
        Assert.Equal(0.3, latency.Sli!.Value, 12);
        var metrics = Modelplane.Testing.Metrics.Exposition.Parse(await app.CreateClient().GetStringAsync("/metrics", Ct));
        (string, string)[] latencySeries = [("workspace", "default"), ("endpoint", endpoint), ("objective", "latency")];
        Assert.Equal(10, metrics.Value("modelplane_slo_events_total", latencySeries));
        Assert.Equal(7, metrics.Value("modelplane_slo_bad_events_total", latencySeries));
    }

    [Fact]
    public async Task Status_SeededMinutes_BurnRatesAndBudgetExact()
    {
        var endpoint = await EndpointWithSloAsync(app);
        await SeedAsync(app, endpoint, fromAgo: 59, toAgo: 5, events: 1000, bad: 0);
        await SeedAsync(app, endpoint, fromAgo: 4, toAgo: 0, events: 1000, bad: 100);

        var status = await StatusAsync(app, endpoint);

        // 500 bad of 60,000 against a budget of 0.1%: 5m 500/5000, 30m 500/30000, every longer window 500/60000.
        var burn = status.BurnRates.ToDictionary(b => b.Window, b => b.Value);
        Assert.Equal(["5m", "30m", "1h", "6h", "3d"], status.BurnRates.Select(b => b.Window));
        Assert.Equal(100, burn["5m"], 9);
        Assert.Equal(500.0 / 30_000 / 0.001, burn["30m"], 9);
        Assert.Equal(500.0 / 60_000 / 0.001, burn["1h"], 9);
        Assert.Equal(500.0 / 60_000 / 0.001, burn["3d"], 9);
        Assert.Equal((60_000L, 500L), (status.Events, status.BadEvents));
        Assert.Equal(1 - (500.0 / 60_000), status.Sli!.Value, 12);
        Assert.Equal(1 - (500.0 / (60_000 * 0.001)), status.BudgetRemaining, 9);
    }

    [Fact]
    public async Task Status_QualityObjective_ReportsNoData()
    {
        var endpoint = await EndpointWithSloAsync(app, """{"quality":{"target":0.95,"window":"7d"}}""");

        var quality = await StatusAsync(app, endpoint, "quality");

        Assert.Equal((0L, (double?)null, 1.0), (quality.Events, quality.Sli, quality.BudgetRemaining));
    }

    [Theory]
    [InlineData("""{"availability":{"target":1.5,"window":"30d"}}""", "availability.target is 1.5")]
    [InlineData("""{"availability":{"target":0.999,"window":"forever"}}""", "availability.window 'forever'")]
    [InlineData("""{"availability":{"target":0.999,"window":"365d"}}""", "availability.window is 365.00:00:00")]
    [InlineData("""{"latency":{"target":0.99,"window":"30d"}}""", "latency.thresholdMs is missing")]
    [InlineData("""{"availability":{"target":0.999,"window":"30d","thresholdMs":5}}""", "availability.thresholdMs applies to the latency objective only")]
    [InlineData("{}", "at least one objective")]
    [InlineData("[1]", "not valid JSON")]
    public async Task SetSlo_BadInput_Is400NamingTheField(string body, string message)
    {
        var endpoint = await EndpointWithSloAsync(app);

        using var response = await app.CreateClient().PutAsync($"/api/v1/endpoints/{endpoint}/slo", Json(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownEndpoint_Is404_ForSloStatusAndSilence()
    {
        using var put = await app.CreateClient().PutAsync("/api/v1/endpoints/nope/slo", Json("""{"availability":{"target":0.999,"window":"30d"}}"""), Ct);
        using var get = await app.CreateClient().GetAsync("/api/v1/endpoints/nope/slo", Ct);
        using var status = await app.CreateClient().GetAsync("/api/v1/slos?endpoint=nope", Ct);
        using var silence = await app.CreateClient().PostAsync("/api/v1/alerts/silences", Json("""{"endpoint":"nope","duration":"2h","comment":"x"}"""), Ct);

        Assert.All([put, get, status, silence], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Contains("Endpoint 'nope' not found.", await put.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/alerts/receivers", """{"name":"x","url":"ftp://example.com/"}""", "url 'ftp://example.com/'")]
    [InlineData("/api/v1/alerts/receivers", """{"name":"a b","url":"http://example.com/"}""", "name 'a b'")]
    [InlineData("/api/v1/alerts/silences", """{"duration":"forever","comment":"x"}""", "duration 'forever'")]
    [InlineData("/api/v1/alerts/silences", """{"duration":"2h","comment":""}""", "comment is required")]
    public async Task AlertRouting_BadInput_Is400NamingTheField(string path, string body, string message)
    {
        using var response = await app.CreateClient().PostAsync(path, Json(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAlerts_UnknownState_Is400()
    {
        using var response = await app.CreateClient().GetAsync("/api/v1/alerts?state=bogus", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("state 'bogus' is not firing, resolved or all.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
