using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Modelplane.Registry.Slos;
using Modelplane.Server.Slos;

namespace Modelplane.Server.Tests.Slos;

/// <summary>The hot-path counts: each request lands in the minute it was answered in, judged per objective.</summary>
public sealed class SloCellTests
{
    [Fact]
    public void Drain_RequestsAcrossTwoMinutes_RowsPerMinuteAndObjective()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2031, 1, 1, 0, 0, 50, TimeSpan.Zero));
        var recorders = new SloRecorders(Meter(), time, Options.Create(new SloOptions { NodeId = "n1" }));
        var cell = recorders.For("default").Cell("churn");
        cell.LatencyThresholdMs = 100;
        var minute = time.GetUtcNow().ToUnixTimeMilliseconds() / 60_000;

        cell.Record(200, 0.05);
        cell.Record(503, 0.01);
        cell.Record(404, 0.5);
        time.Advance(TimeSpan.FromSeconds(20));
        cell.Record(500, 0.2);
        cell.Record(200, 0.01);
        var rows = new List<SloMinuteCount>();
        cell.Drain("n1", rows);
        var again = new List<SloMinuteCount>();
        cell.Drain("n1", again);

        Assert.Equal(
            [
                new("churn", "availability", minute, "n1", 3, 1), new("churn", "latency", minute, "n1", 3, 1),
                new("churn", "availability", minute + 1, "n1", 2, 1), new("churn", "latency", minute + 1, "n1", 2, 1),
            ],
            rows.OrderBy(r => r.Minute).ThenBy(r => r.Objective, StringComparer.Ordinal));
        Assert.Empty(again);
    }

    [Fact]
    public void Record_NoLatencyObjective_CountsAvailabilityOnly()
    {
        var time = new FakeTimeProvider();
        var cell = new SloRecorders(Meter(), time, Options.Create(new SloOptions())).For("default").Cell("churn");

        cell.Record(200, 10);
        var rows = new List<SloMinuteCount>();
        cell.Drain("n", rows);

        Assert.Equal("availability", Assert.Single(rows).Objective);
    }

    private static Modelplane.Server.Telemetry.ModelplaneMeter Meter() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
}
