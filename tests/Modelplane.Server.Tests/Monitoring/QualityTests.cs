using System.Net.Http.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Monitoring;

/// <summary>
/// Quality of the breast-cancer stream window by window: estimated from calibrated confidence before any label, then
/// realised when labels arrive late (past windows change), tracking each other within 5 points; the quality
/// objective of the SLO uses realised quality once labels cover the windows, and says so.
/// </summary>
public sealed class QualityTests(MonitoringAppFactory app) : IClassFixture<MonitoringAppFactory>
{
    private const int WindowRows = 200;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnshiftedStream_LabelsArriveLate_RealisedQualityAppearsAndEstimateTracksIt()
    {
        var stream = await BreastCancerStream.StartAsync(app, WindowRows);
        await stream.LogEverythingAsync();
        var sent = await stream.SendAsync(new Random(7), 5 * WindowRows);
        await app.SettledAsync();

        var before = (await stream.QualityAsync()).Windows;
        Assert.Equal(5, before.Count);
        Assert.All(before, w => Assert.Equal(("estimated", 0L, (QualityFiguresDto?)null), (w.Source, w.Labeled, w.Realised)));

        Assert.Equal(sent.Count, await LabelAllAsync(stream, sent));
        var after = (await stream.QualityAsync()).Windows;

        Assert.All(after, w =>
        {
            // Predictions join windows by when they were served (to the millisecond), so at a few thousand requests a
            // second those answered in the millisecond a window closed may count in its neighbour.
            Assert.Equal("realised", w.Source);
            Assert.InRange(w.Labeled, WindowRows * 9 / 10, WindowRows * 11 / 10);
            Assert.InRange(w.Coverage, 0.9, 1.0);
            Assert.NotNull(w.Realised!.RocAuc);
            Assert.NotNull(w.LabelDelaySeconds);
        });

        // Tracking: over the stream the estimate is within 5 points of what the labels say. A single 200-row window
        // adds its own sampling noise (about ±3 points at 93 % accuracy), so each one is held to 8.
        var gaps = after.Select(w => w.Estimated!.Accuracy!.Value - w.Realised!.Accuracy!.Value).ToList();
        var described = string.Join(", ", after.Select(w => $"{w.Realised!.Accuracy:P1} vs {w.Estimated!.Accuracy:P1}"));
        Assert.True(Math.Abs(gaps.Average()) <= 0.05, $"realised vs estimated per window: {described}");
        Assert.True(gaps.Max(Math.Abs) <= 0.08, $"realised vs estimated per window: {described}");
        Assert.InRange(after.Average(w => w.Realised!.Accuracy!.Value), 0.85, 1.0);
    }

    [Fact]
    public async Task QualityObjective_WindowsLabelled_JudgedOnRealisedAccuracyAndSaysSo()
    {
        var stream = await BreastCancerStream.StartAsync(app, WindowRows);
        await stream.LogEverythingAsync();
        using (var slo = await app.CreateClient().PutAsJsonAsync(
            $"/api/v1/endpoints/{stream.Endpoint}/slo", new SetSloRequest(Quality: new SloObjectiveDto(0.8, "7d")), ModelplaneJsonContext.Default.SetSloRequest, Ct))
        {
            Assert.True(slo.IsSuccessStatusCode, await slo.Content.ReadAsStringAsync(Ct));
        }

        var sent = await stream.SendAsync(new Random(11), 2 * WindowRows);
        await app.SettledAsync();
        await app.Quality.EvaluateAsync(Ct);
        var estimated = await QualityStatusAsync(stream);
        Assert.Equal(("estimated", 2L * WindowRows), (estimated.Source, estimated.Events));

        await LabelAllAsync(stream, sent);
        await app.Quality.EvaluateAsync(Ct);
        var realised = await QualityStatusAsync(stream);
        var windows = (await stream.QualityAsync()).Windows;

        Assert.Equal(("realised", 2L * WindowRows), (realised.Source, realised.Events));
        var wrong = windows.Sum(w => (long)Math.Round(w.Rows * (1 - w.Realised!.Accuracy!.Value)));
        Assert.Equal(wrong, realised.BadEvents);
        Assert.Empty(await stream.AlertsAsync());
    }

    [Fact]
    public async Task QualityObjective_ThreeWindowsBelowTarget_RaisesModelQualityAlertAndRetrainingWebhook()
    {
        var stream = await BreastCancerStream.StartAsync(app, WindowRows);
        await stream.LogEverythingAsync();
        await using var webhook = await Slos.WebhookReceiver.StartAsync();
        using (var hook = await app.CreateClient().PutAsJsonAsync(
            $"/api/v1/models/{stream.Model}/retraining", new SetRetrainingRequest(webhook.Url.ToString()), ModelplaneJsonContext.Default.SetRetrainingRequest, Ct))
        {
            Assert.True(hook.IsSuccessStatusCode, await hook.Content.ReadAsStringAsync(Ct));
        }

        // The model is right about 93 % of the time: an objective of 99.5 % is missed in every window.
        using (var slo = await app.CreateClient().PutAsJsonAsync(
            $"/api/v1/endpoints/{stream.Endpoint}/slo", new SetSloRequest(Quality: new SloObjectiveDto(0.995, "7d")), ModelplaneJsonContext.Default.SetSloRequest, Ct))
        {
            Assert.True(slo.IsSuccessStatusCode, await slo.Content.ReadAsStringAsync(Ct));
        }

        var sent = await stream.SendAsync(new Random(3), 2 * WindowRows);
        await app.SettledAsync();
        await LabelAllAsync(stream, sent);
        await app.Quality.EvaluateAsync(Ct);
        Assert.DoesNotContain(await stream.AlertsAsync(), a => a.Objective == "model-quality");

        sent = await stream.SendAsync(new Random(4), WindowRows);
        await app.SettledAsync();
        await LabelAllAsync(stream, sent);
        await app.Quality.EvaluateAsync(Ct);
        await app.SettledAsync();

        var alert = Assert.Single(await stream.AlertsAsync(), a => a.Objective == "model-quality");
        Assert.Equal(("firing", $"{stream.Model}@1", 3), (alert.State, alert.Condition, alert.Detail!.ConsecutiveWindows));
        Assert.Contains("realised accuracy", alert.Detail.Summary, StringComparison.Ordinal);
        var (body, _) = Assert.Single(webhook.Accepted);
        Assert.Contains("\"kind\":\"model-quality\"", body, StringComparison.Ordinal);
    }

    private static async Task<SloStatusDto> QualityStatusAsync(BreastCancerStream stream)
    {
        var statuses = await stream.App.CreateClient().GetFromJsonAsync($"/api/v1/slos?endpoint={stream.Endpoint}", ModelplaneJsonContext.Default.IReadOnlyListSloStatusDto, Ct);
        return statuses!.Single(s => s.Objective == "quality");
    }

    // The log writer batches: labels for predictions not yet written count as unmatched, so post until all match.
    private static async Task<int> LabelAllAsync(BreastCancerStream stream, List<(string RequestId, int Label)> sent)
    {
        var matched = 0;
        for (var i = 0; i < 50 && matched < sent.Count; i++)
        {
            matched = await stream.LabelAsync(sent);
            if (matched < sent.Count)
            {
                await Task.Delay(100, Ct);
            }
        }

        return matched;
    }
}
