using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using static Modelplane.Server.Tests.Slos.SloTestData;

namespace Modelplane.Server.Tests.Slos;

/// <summary>
/// Burn-rate alerts end to end on a fake clock: each condition fires and resolves, a real webhook on loopback gets one
/// grouped POST per endpoint change, repeats wait for the repeat interval, silences stop notifications but not
/// alerts, and failing webhooks are retried or counted without touching serving.
/// </summary>
public sealed class AlertingTests(SloAppFactory app) : IClassFixture<SloAppFactory>
{
    [Fact]
    public async Task Evaluate_EachCondition_FiresThenResolvesAsItsWindowsEmpty()
    {
        var endpoint = await EndpointWithSloAsync(app);
        await SeedAsync(app, endpoint, fromAgo: 59, toAgo: 0, events: 1000, bad: 20); // burn 20 everywhere

        await app.Evaluator.EvaluateAsync(Ct);
        var firing = await AlertsAsync(app, endpoint);
        app.Time.Advance(TimeSpan.FromHours(2)); // 5m and 30m windows empty: fast and medium resolve
        await app.Evaluator.EvaluateAsync(Ct);
        var afterTwoHours = await AlertsAsync(app, endpoint);
        app.Time.Advance(TimeSpan.FromHours(5)); // the 6h window empties too: slow resolves
        await app.Evaluator.EvaluateAsync(Ct);

        Assert.Equal(["fast", "medium", "slow"], firing.Select(a => a.Condition));
        Assert.Equal(("page", 20.0, 14.4), (firing[0].Severity, Math.Round(firing[0].LongWindow.Value, 9), firing[0].Factor));
        Assert.Equal(("1h", "5m"), (firing[0].LongWindow.Window, firing[0].ShortWindow.Window));
        Assert.Equal("ticket", firing[2].Severity);
        Assert.Equal(["slow"], afterTwoHours.Select(a => a.Condition));
        Assert.Empty(await AlertsAsync(app, endpoint));
        Assert.Equal(3, (await AlertsAsync(app, endpoint, "resolved")).Count);
    }

    [Fact]
    public async Task Webhook_OneGroupedPostPerChange_DedupedUntilRepeatInterval_OnceWhenResolved()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        await AddReceiverAsync(app, "grouped", hook.Url, secret: "s3cret");
        try
        {
            var endpoint = await EndpointWithSloAsync(app);
            // The next 41 minutes are seeded now, so the background evaluation a clock advance triggers sees what ours sees.
            await SeedAsync(app, endpoint, fromAgo: 59, toAgo: -41, events: 1000, bad: 20);

            await EvaluateAndDeliverAsync();
            var first = Received(hook, endpoint);
            app.Time.Advance(TimeSpan.FromMinutes(10));
            await EvaluateAndDeliverAsync();
            var withinRepeat = Received(hook, endpoint).Count;
            app.Time.Advance(TimeSpan.FromMinutes(21)); // 31 min after the first notification: past the 30 min repeat interval
            await EvaluateAndDeliverAsync();
            var repeated = Received(hook, endpoint);
            app.Time.Advance(TimeSpan.FromHours(7));
            await EvaluateAndDeliverAsync();
            var all = Received(hook, endpoint);

            var notification = Assert.Single(first).Notification;
            Assert.Equal(("default", endpoint), (notification.Workspace, notification.Endpoint));
            Assert.Equal(["fast", "medium", "slow"], notification.Alerts.Select(a => a.Condition).Order(StringComparer.Ordinal));
            Assert.All(notification.Alerts, a => Assert.Equal(("firing", 0.999), (a.State, a.Target)));
            Assert.Equal($"http://modelplane.test:8080/api/v1/slos?endpoint={endpoint}", notification.Links.Slo);
            Assert.Equal(Modelplane.Server.Slos.AlertDelivery.Sign("s3cret", System.Text.Encoding.UTF8.GetBytes(first[0].Body)), first[0].Signature);
            Assert.Equal(1, withinRepeat);
            Assert.Equal(2, repeated.Count);
            Assert.Equal(3, all.Count);
            Assert.All(all[2].Notification.Alerts, a => Assert.Equal("resolved", a.State));
            Assert.Equal(3, all[2].Notification.Alerts.Count);
        }
        finally
        {
            await RemoveReceiverAsync(app, "grouped");
        }
    }

    [Fact]
    public async Task Silence_SuppressesNotifications_AlertStillListedFiringAndSilenced_NotifiesOnceLifted()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        await AddReceiverAsync(app, "silenced", hook.Url);
        try
        {
            var endpoint = await EndpointWithSloAsync(app);
            using var silenced = await app.CreateClient().PostAsJsonAsync(
                "/api/v1/alerts/silences", new CreateAlertSilenceRequest(endpoint, "2h", "maintenance"), ModelplaneJsonContext.Default.CreateAlertSilenceRequest, Ct);
            var silence = await silenced.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.AlertSilenceDto, Ct);
            await SeedAsync(app, endpoint, fromAgo: 59, toAgo: 0, events: 1000, bad: 20);

            await EvaluateAndDeliverAsync();
            var whileSilenced = Received(hook, endpoint).Count;
            var listed = await AlertsAsync(app, endpoint);
            (await app.CreateClient().DeleteAsync($"/api/v1/alerts/silences/{silence!.Id}", Ct)).Dispose();
            await EvaluateAndDeliverAsync();

            Assert.Equal(HttpStatusCode.Created, silenced.StatusCode);
            Assert.Equal(0, whileSilenced);
            Assert.Equal(3, listed.Count);
            Assert.All(listed, a => Assert.True(a.Silenced));
            Assert.Equal(3, Assert.Single(Received(hook, endpoint)).Notification.Alerts.Count);
        }
        finally
        {
            await RemoveReceiverAsync(app, "silenced");
        }
    }

    [Fact]
    public async Task Webhook_500Then200_IsRetriedAndDelivered()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        hook.Answer = call => Task.FromResult(call == 1 ? 500 : 200);
        await AddReceiverAsync(app, "flaky", hook.Url);
        try
        {
            var endpoint = await EndpointWithSloAsync(app);
            await SeedAsync(app, endpoint, fromAgo: 59, toAgo: 0, events: 1000, bad: 20);

            await EvaluateAndDeliverAsync();

            Assert.Equal(2, hook.Calls);
            Assert.Single(Received(hook, endpoint));
            var receiver = Assert.Single(await Receivers(), r => r.Name == "flaky");
            Assert.Equal((1L, 0L, (string?)null), (receiver.Delivered, receiver.Failed, receiver.LastError));
        }
        finally
        {
            await RemoveReceiverAsync(app, "flaky");
        }
    }

    [Fact]
    public async Task Webhook_TimingOut_CountedFailedAfterRetries_ServingUnaffected()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        hook.Answer = async _ =>
        {
            await Task.Delay(1500);
            return 200;
        };
        await AddReceiverAsync(app, "slow", hook.Url);
        try
        {
            var endpoint = await EndpointWithSloAsync(app);
            await SeedAsync(app, endpoint, fromAgo: 59, toAgo: 0, events: 1000, bad: 20);

            await app.Evaluator.EvaluateAsync(Ct);
            var started = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal(HttpStatusCode.OK, await PredictAsync(app, endpoint));
            }

            var servingTook = started.Elapsed;
            await app.DeliveredAsync();

            Assert.True(servingTook < TimeSpan.FromSeconds(1), $"20 predictions took {servingTook} while the webhook hung");
            Assert.Equal(3, hook.Calls); // the first attempt and two retries
            var receiver = Assert.Single(await Receivers(), r => r.Name == "slow");
            Assert.Equal((0L, 1L), (receiver.Delivered, receiver.Failed));
            Assert.Contains("no answer within 0.3 s", receiver.LastError, StringComparison.Ordinal);
            var metrics = Modelplane.Testing.Metrics.Exposition.Parse(await app.CreateClient().GetStringAsync("/metrics", Ct));
            Assert.Equal(1, metrics.Value("modelplane_alert_notifications_failed_total", ("workspace", "default"), ("receiver", "slow")));
        }
        finally
        {
            await RemoveReceiverAsync(app, "slow");
        }
    }

    private static List<(string Body, string? Signature, AlertNotificationDto Notification)> Received(WebhookReceiver hook, string endpoint) =>
        [.. hook.Accepted.Select(a => (a.Body, a.Signature, Notification: JsonSerializer.Deserialize(a.Body, ModelplaneJsonContext.Default.AlertNotificationDto)!))
            .Where(a => a.Notification.Endpoint == endpoint)];

    private async Task<IReadOnlyList<AlertReceiverDto>> Receivers() =>
        (await app.CreateClient().GetFromJsonAsync("/api/v1/alerts/receivers", ModelplaneJsonContext.Default.IReadOnlyListAlertReceiverDto, Ct))!;

    private async Task EvaluateAndDeliverAsync()
    {
        await app.Evaluator.EvaluateAsync(Ct);
        await app.DeliveredAsync();
    }
}
