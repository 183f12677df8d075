using System.Net;
using System.Net.Http.Json;
using System.Text;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Registry.Slos;

namespace Modelplane.Server.Tests.Slos;

/// <summary>What the SLO tests share: an endpoint with an SLO, seeded minute counts, and reading status and alerts.</summary>
internal static class SloTestData
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A new endpoint over a tiny linear model, with an availability objective of 99.9% over 30 days.</summary>
    public static async Task<string> EndpointWithSloAsync(ModelplaneAppFactory app, string slo = """{"availability":{"target":0.999,"window":"30d"}}""")
    {
        var name = TestModels.UniqueName("slo");
        await app.PushAsync(name, TestModels.Linear3(0.5f));
        await app.CreateEndpointAsync(name, name, 1);
        using var response = await app.CreateClient().PutAsync($"/api/v1/endpoints/{name}/slo", Json(slo), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return name;
    }

    /// <summary>Stores <paramref name="events"/> and <paramref name="bad"/> for each minute from <paramref name="fromAgo"/> to <paramref name="toAgo"/> minutes before now.</summary>
    public static async Task SeedAsync(SloAppFactory app, string endpoint, int fromAgo, int toAgo, long events, long bad, string objective = SloObjectives.Availability)
    {
        var now = app.Time.GetUtcNow().ToUnixTimeMilliseconds() / 60_000;
        var rows = Enumerable.Range(toAgo, fromAgo - toAgo + 1).Select(ago => new SloMinuteCount(endpoint, objective, now - ago, "seed", events, bad)).ToList();
        await app.Store.AddCountsAsync(rows, Ct);
    }

    public static async Task<SloStatusDto> StatusAsync(ModelplaneAppFactory app, string endpoint, string objective = SloObjectives.Availability)
    {
        var statuses = await app.CreateClient().GetFromJsonAsync($"/api/v1/slos?endpoint={endpoint}", ModelplaneJsonContext.Default.IReadOnlyListSloStatusDto, Ct);
        return Assert.Single(statuses!, s => s.Objective == objective);
    }

    public static async Task<IReadOnlyList<AlertDto>> AlertsAsync(ModelplaneAppFactory app, string endpoint, string state = "firing") =>
        [.. (await app.CreateClient().GetFromJsonAsync($"/api/v1/alerts?state={state}", ModelplaneJsonContext.Default.IReadOnlyListAlertDto, Ct))!
            .Where(a => a.Endpoint == endpoint).OrderBy(a => a.Condition, StringComparer.Ordinal)];

    public static async Task<HttpStatusCode> PredictAsync(ModelplaneAppFactory app, string endpoint)
    {
        using var response = await app.CreateClient().PostAsync($"/v2/models/{endpoint}/infer", Json(TestModels.Request([1, 1, 1])), Ct);
        return response.StatusCode;
    }

    public static async Task AddReceiverAsync(ModelplaneAppFactory app, string name, Uri url, string? secret = null)
    {
        using var response = await app.CreateClient().PostAsJsonAsync(
            "/api/v1/alerts/receivers", new SetAlertReceiverRequest(name, url.AbsoluteUri, secret), ModelplaneJsonContext.Default.SetAlertReceiverRequest, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    public static async Task RemoveReceiverAsync(ModelplaneAppFactory app, string name) =>
        (await app.CreateClient().DeleteAsync($"/api/v1/alerts/receivers/{name}", Ct)).Dispose();
}
