using Modelplane.Serving.Analysis;

namespace Modelplane.Serving.Tests.Analysis;

/// <summary>The hot-path window: what counts as a request and an error, the latest-N rings, concurrent writers, reset.</summary>
public sealed class VersionWindowTests
{
    [Theory]
    [InlineData(4096)]
    [InlineData(1_000_000)]
    public void Record_EightThreadsConcurrently_CountsExactlyAndKeepsLatestLatencies(int capacity)
    {
        const int Threads = 8, PerThread = 100_000;
        var window = new VersionWindow(capacity);
        using var start = new Barrier(Threads);
        var writers = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                // Per 100 calls: one 503, one 499 (ignored), one 404 (not an error), 97 successes.
                var status = (i % 100) switch { 0 => 503, 1 => 499, 2 => 404, _ => 200 };
                window.Record(status, ((i % 7) + 1) / 1000.0);
                window.ObservePrediction(i % 3);
            }
        })).ToList();
        writers.ForEach(t => t.Start());
        writers.ForEach(t => t.Join());

        var sample = window.Sample();

        const long Counted = Threads * (PerThread - (PerThread / 100));
        Assert.Equal(Counted, sample.Requests);
        Assert.Equal(Threads * PerThread / 100, sample.Errors);
        Assert.Equal((int)Math.Min(capacity, Counted), sample.Latencies.Length);
        Assert.All(sample.Latencies, l => Assert.InRange(l, 0.001, 0.007));
        Assert.Equal(Math.Min(capacity, Threads * PerThread), sample.Predictions.Length);
    }

    [Fact]
    public void Record_MoreThanCapacity_KeepsLatestLatencies()
    {
        var window = new VersionWindow(capacity: 4);

        for (var i = 1; i <= 10; i++)
        {
            window.Record(200, i);
        }

        var sample = window.Sample();
        Assert.Equal(10, sample.Requests);
        Assert.Equal([7.0, 8, 9, 10], sample.Latencies.Order());
    }

    [Fact]
    public void Record_ClientClosedRequest_IsIgnored()
    {
        var window = new VersionWindow();

        window.Record(499, 0.5);

        var sample = window.Sample();
        Assert.Equal(0, sample.Requests);
        Assert.Equal(0, sample.Errors);
        Assert.Empty(sample.Latencies);
    }

    [Fact]
    public void Record_ClientErrorAndServerError_OnlyServerErrorCounts()
    {
        var window = new VersionWindow();

        window.Record(404, 0.001);
        window.Record(429, 0.001);
        window.Record(500, 0.001);

        var sample = window.Sample();
        Assert.Equal(3, sample.Requests);
        Assert.Equal(1, sample.Errors);
    }

    [Fact]
    public void Record_NonFiniteLatency_CountsRequestButKeepsNoLatency()
    {
        var window = new VersionWindow();

        window.Record(200, double.NaN);
        window.ObservePrediction(double.PositiveInfinity);

        var sample = window.Sample();
        Assert.Equal(1, sample.Requests);
        Assert.Empty(sample.Latencies);
        Assert.Empty(sample.Predictions);
    }

    [Fact]
    public void Reset_AfterTraffic_StartsEmptyWindow()
    {
        var window = new VersionWindow();
        window.Record(500, 0.01);
        window.ObservePrediction(1);

        window.Reset();
        window.Record(200, 0.02);

        var sample = window.Sample();
        Assert.Equal(1, sample.Requests);
        Assert.Equal(0, sample.Errors);
        Assert.Equal([0.02], sample.Latencies);
        Assert.Empty(sample.Predictions);
    }

    [Fact]
    public void Ctor_ZeroCapacity_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new VersionWindow(0));
}
