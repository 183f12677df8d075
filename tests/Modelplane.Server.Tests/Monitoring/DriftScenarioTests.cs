using System.Net.Http.Json;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Server.Tests.Slos;

namespace Modelplane.Server.Tests.Monitoring;

/// <summary>
/// The issue's scenario on the bundled breast-cancer model: 20 windows of held-out rows raise no alert; scaling two
/// features by 1.5 raises a drift alert within 3 windows that names those two features first, and fires the
/// model's retraining webhook once.
/// </summary>
public sealed class DriftScenarioTests(MonitoringAppFactory app) : IClassFixture<MonitoringAppFactory>
{
    private const int WindowRows = 200;
    private static readonly string[] Shifted = ["mean radius", "mean texture"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HeldOutStream_TwentyWindowsThenTwoFeaturesShifted_AlertsWithinThreeWindowsNamingThemFirst()
    {
        var stream = await BreastCancerStream.StartAsync(app, WindowRows);
        await using var webhook = await WebhookReceiver.StartAsync();
        using (var set = await app.CreateClient().PutAsJsonAsync(
            $"/api/v1/models/{stream.Model}/retraining", new SetRetrainingRequest(webhook.Url.ToString(), "1d"), ModelplaneJsonContext.Default.SetRetrainingRequest, Ct))
        {
            Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync(Ct));
        }

        var random = new Random(20261129);
        await stream.SendAsync(random, 20 * WindowRows);
        await app.SettledAsync();

        var calm = (await stream.DriftAsync()).Versions.Single().Windows;
        Assert.Equal(20, calm.Count);
        Assert.All(calm, w => Assert.Equal(WindowRows, w.Rows));
        Assert.Empty(await stream.AlertsAsync());
        Assert.Equal(0, webhook.Calls);

        AlertDto? alert = null;
        var windows = 0;
        while (alert is null && windows < 3)
        {
            await stream.SendAsync(random, WindowRows, Shifted);
            await app.SettledAsync();
            windows++;
            alert = (await stream.AlertsAsync()).SingleOrDefault(a => a.Objective == "drift" && a.State == "firing");
        }

        Assert.True(alert is not null, $"no drift alert after {windows} shifted windows: {Describe(await stream.DriftAsync())}");
        var detail = alert.Detail!;
        Assert.Equal((stream.Model, 1, 3), (detail.Model, detail.Version, detail.ConsecutiveWindows));
        Assert.Equal(Shifted.Order(), detail.Features.Take(2).Select(f => f.Name).Order());
        Assert.All(detail.Features.Take(2), f => Assert.Equal("drift", f.Verdict));
        Assert.StartsWith("sha256:", detail.ReferenceDataDigest, StringComparison.Ordinal);
        Assert.EndsWith($"/api/v1/models/{stream.Model}/versions/1/lineage", detail.Lineage, StringComparison.Ordinal);

        var (body, _) = Assert.Single(webhook.Accepted);
        var retraining = JsonSerializer.Deserialize(body, ModelplaneJsonContext.Default.RetrainingRequestDto)!;
        Assert.Equal((stream.Model, 1, stream.Endpoint, "drift"), (retraining.Model, retraining.Version, retraining.Endpoint, retraining.Kind));
        Assert.Equal(detail.ReferenceDataDigest, retraining.TrainingData.ReferenceDataDigest);
        Assert.Contains($"/api/v1/endpoints/{stream.Endpoint}/logs?model={stream.Model}&version=1&since=", retraining.LiveWindowExport, StringComparison.Ordinal);
    }

    private static string Describe(EndpointDriftDto drift) => string.Join(
        "; ", drift.Versions.SelectMany(v => v.Windows).Take(5).Select(w => $"window {w.Id} {w.Verdict} streak {w.Streak}: {string.Join(", ", w.Features.Take(3).Select(f => $"{f.Name} {f.Verdict} PSI {f.Psi:0.###}"))}"));
}
