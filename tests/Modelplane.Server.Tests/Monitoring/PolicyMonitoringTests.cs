using System.Net.Http.Json;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Monitoring;

/// <summary>Versions an endpoint's policies send requests to see live traffic too, and are watched for drift like its split.</summary>
public sealed class PolicyMonitoringTests(MonitoringAppFactory app) : IClassFixture<MonitoringAppFactory>
{
    private const int WindowRows = 50;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ShadowAndCascadeVersions_CountEveryRequestTheyRanIntoTheirOwnWindows()
    {
        var stream = await BreastCancerStream.StartAsync(app, WindowRows);
        var shadow = await BreastCancerStream.PushProfiledAsync(app, stream.Model);
        var cascade = await BreastCancerStream.PushProfiledAsync(app, stream.Model);
        using (var set = await app.CreateClient().PutAsJsonAsync(
            $"/api/v1/endpoints/{stream.Endpoint}/policies",
            new EndpointPoliciesDto(new ShadowPolicyDto(stream.Model, shadow, 100), new CascadePolicyDto(stream.Model, cascade, 0.999)),
            ModelplaneJsonContext.Default.EndpointPoliciesDto,
            Ct))
        {
            Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync(Ct));
        }

        await WaitAsync(stream, d => d.Versions.Count(v => v.Monitored) == 3, "all three versions monitored");
        await stream.SendAsync(new Random(7), 2 * WindowRows);

        // The shadow's copies run after the callers were answered: wait for them, then for their windows to be stored.
        // The cascade runs first on every request; this model's single probability gives it no top-class confidence
        // to answer with, so the split's version answers (and counts) every request as well.
        var drift = await WaitAsync(stream, d => new[] { 1, shadow, cascade }.All(v => Windows(d, v) == 2), "two windows of each version");
        Assert.Equal(
            [(1, 2 * WindowRows), (shadow, 2 * WindowRows), (cascade, 2 * WindowRows)],
            drift.Versions.OrderBy(v => v.Version).Select(v => (v.Version, v.Windows.Sum(w => w.Rows))));
        Assert.All(drift.Versions, v => Assert.Equal(0, v.OpenWindowRows));
    }

    private static int Windows(EndpointDriftDto drift, int version) => drift.Versions.SingleOrDefault(v => v.Version == version)?.Windows.Count ?? 0;

    private async Task<EndpointDriftDto> WaitAsync(BreastCancerStream stream, Func<EndpointDriftDto, bool> done, string what)
    {
        for (var i = 0; i < 200; i++)
        {
            var drift = await stream.DriftAsync();
            if (done(drift))
            {
                return drift;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail($"not {what} within 10 s: {JsonSerializer.Serialize(await stream.DriftAsync(), ModelplaneJsonContext.Default.EndpointDriftDto)}");
        return null!;
    }
}
