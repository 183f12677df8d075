using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Modelplane.Registry.Monitoring;
using Modelplane.Serving.Monitoring;
using Modelplane.Serving.Monitoring.Windows;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.Monitoring.Windows;

/// <summary>
/// Live windows counted from real ONNX Runtime runs of lr.onnx (30 features; a label and a probability): the counts
/// match what the rows and answers say, windows close by rows and by time, and counting allocates nothing.
/// </summary>
public sealed class LiveProfileTests(LrModel lr)
{
    private static readonly double[] FirstFeatureEdges = [10, 12, 14, 16, 20];

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-29T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Observe_HeldOutRows_CountsEachFeatureIntoTheReferenceBins()
    {
        var live = Install(new WindowSettings(null, TimeSpan.FromHours(1)));

        Infer(live, 0, 200);

        var profile = live.Peek();
        var first = profile.Features[0];
        var expected = new long[FirstFeatureEdges.Length + 1];
        foreach (var row in lr.Rows[..200])
        {
            expected[FirstFeatureEdges.Count(e => e <= (float)row[0])]++;
        }

        Assert.Equal((200L, 200L, 0L), (profile.Rows, first.Count, first.Missing));
        Assert.Equal(expected, first.Numeric!.Counts);
        Assert.Equal(lr.Rows[..200].Average(r => (double)(float)r[0]), first.Numeric.Mean, 1e-9);
        Assert.Equal(lr.Rows[..200].Min(r => (double)(float)r[0]), first.Numeric.Min);
    }

    [Fact]
    public void Observe_HeldOutRows_CountsPredictedLabelsAndConfidence()
    {
        var live = Install(new WindowSettings(null, TimeSpan.FromHours(1)));

        Infer(live, 0, 200);

        var profile = live.Peek();
        var label = profile.Outputs[0].Categorical!;
        Assert.Equal(["1", "0"], label.Categories);
        Assert.Equal([lr.Labels[..200].Count(l => l == 1), lr.Labels[..200].Count(l => l == 0)], label.Counts);
        Assert.Equal(0, label.Other);
        var expectedCorrect = lr.Probabilities[..200].Sum(p => p >= 0.5 ? p : 1 - p);
        Assert.Equal(200, profile.Confidence!.Rows);
        Assert.Equal(expectedCorrect, profile.Confidence.ExpectedCorrect, 1e-4);
    }

    [Fact]
    public void Observe_WindowFull_ClosesItAndStartsAFreshOne()
    {
        var closed = new List<ClosedWindow>();
        var profiles = new LiveProfiles(_time);
        var live = Install(new WindowSettings(50, null), profiles);

        for (var i = 0; i < 5; i++)
        {
            Infer(live, i * 25, 25);
        }

        while (profiles.Closed.TryRead(out var window))
        {
            closed.Add(window);
        }

        Assert.Equal([50L, 50L], closed.Select(w => w.Profile().Rows));
        Assert.Equal(25, live.OpenRows);
    }

    [Fact]
    public void Observe_QueueOfClosedWindowsFull_DropsAndCountsTheNewOnes()
    {
        var profiles = new LiveProfiles(_time);
        var live = Install(new WindowSettings(1, null), profiles);

        for (var i = 0; i < LiveProfiles.MaxQueued + 3; i++)
        {
            Infer(live, i % 100, 1);
        }

        var queued = 0;
        while (profiles.Closed.TryRead(out _))
        {
            queued++;
        }

        Assert.Equal((LiveProfiles.MaxQueued, 3L), (queued, profiles.Dropped));
    }

    [Fact]
    public void CloseIfDue_DurationPassed_ClosesTheWindowWithItsTimes()
    {
        var profiles = new LiveProfiles(_time);
        var live = Install(new WindowSettings(null, TimeSpan.FromMinutes(10)), profiles);
        var opened = _time.GetUtcNow();
        Infer(live, 0, 10);

        _time.Advance(TimeSpan.FromMinutes(9));
        profiles.CloseDue();
        Assert.False(profiles.Closed.TryRead(out _));
        _time.Advance(TimeSpan.FromMinutes(1));
        profiles.CloseDue();

        Assert.True(profiles.Closed.TryRead(out var window));
        Assert.Equal((opened, opened.AddMinutes(10), 10L), (window.StartedAt, window.EndedAt, window.Profile().Rows));
    }

    [Fact]
    public void CloseIfDue_EmptyWindow_IsNotHandedOn()
    {
        var profiles = new LiveProfiles(_time);
        Install(new WindowSettings(null, TimeSpan.FromMinutes(1)), profiles);

        _time.Advance(TimeSpan.FromMinutes(2));
        profiles.CloseDue();

        Assert.False(profiles.Closed.TryRead(out _));
    }

    [Fact]
    public async Task Observe_NaNAndInfinityOverTheBinaryProtocol_CountAsMissing()
    {
        // JSON cannot carry NaN or ±Infinity; the binary tensor extension can.
        var live = Install(new WindowSettings(null, TimeSpan.FromHours(1)));
        var values = new float[3 * 30];
        for (var r = 0; r < 3; r++)
        {
            for (var j = 0; j < 30; j++)
            {
                values[(r * 30) + j] = (float)lr.Rows[r][j];
            }
        }

        (values[0], values[30], values[60]) = (float.NaN, float.PositiveInfinity, float.NegativeInfinity);
        var header = Encoding.UTF8.GetBytes("""{"inputs":[{"name":"input","shape":[3,30],"datatype":"FP32","parameters":{"binary_data_size":360}}]}""");
        var body = header.Concat(MemoryMarshal.AsBytes(values.AsSpan()).ToArray()).ToArray();

        await lr.Runner.InferAsync(
            new OipBinaryCodec(new ReadOnlySequence<byte>(body), header.Length, new ArrayBufferWriter<byte>(), new ServingOptions()),
            new InferenceCall("lr") { Observer = live });

        var first = live.Peek().Features[0];
        Assert.Equal((3L, 3L, 0L), (first.Count, first.Missing, first.Numeric!.Counts.Sum()));
        Assert.Equal((3L, 0L), (live.Peek().Features[1].Count, live.Peek().Features[1].Missing));
    }

    [Fact]
    public void Observe_ManyRequests_AllocatesNothingPerRequest()
    {
        var live = Install(new WindowSettings(null, TimeSpan.FromHours(1)));
        var body = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(lr.Request(0, 4)));
        var output = new ArrayBufferWriter<byte>(1 << 16);
        for (var i = 0; i < 50; i++)
        {
            Run(body, output, null);
            Run(body, output, live);
        }

        var without = Allocated(() => Run(body, output, null));
        var with = Allocated(() => Run(body, output, live));

        Assert.True(with - without < 200 * 8, $"monitoring added {with - without} bytes over 200 requests ({without} without, {with} with)");
    }

    private long Allocated(Action run)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            run();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private void Run(ReadOnlySequence<byte> body, ArrayBufferWriter<byte> output, LiveProfile? live)
    {
        output.ResetWrittenCount();
        lr.Runner.Infer(body, output, "lr", observer: live);
    }

    private void Infer(LiveProfile live, int from, int count) => Infer(live, lr.Request(from, count));

    private void Infer(LiveProfile live, string body) =>
        lr.Runner.Infer(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)), new ArrayBufferWriter<byte>(), "lr", observer: live);

    private LiveProfile Install(WindowSettings settings, LiveProfiles? profiles = null)
    {
        FeatureSlot[] features = [.. Enumerable.Range(0, 30).Select(j => new FeatureSlot($"f{j}", FeatureKind.Numeric, 0, j, 30))];
        FeatureSlot[] outputs = [new("label", FeatureKind.Categorical, 0, 0, 1), new("probability", FeatureKind.Numeric, 1, 0, 1)];
        return (profiles ?? new LiveProfiles(_time)).Install("cancer", Reference(features, outputs), features, outputs, new ProbabilitySource(1, 1, Binary: true), settings);
    }

    private static ReferenceProfile Reference(FeatureSlot[] features, FeatureSlot[] outputs)
    {
        FeatureProfile Numeric(string name, double[] edges) => new(name, FeatureKind.Numeric, 0, 0)
        {
            Numeric = new NumericProfile(edges, new long[edges.Length + 1], new double[edges.Length + 1], 0, 0, double.NaN, double.NaN),
        };

        var profile = new DataProfile(
            0,
            [.. features.Select((f, j) => Numeric(f.Name, j == 0 ? FirstFeatureEdges : [0.5]))],
            [
                new FeatureProfile(outputs[0].Name, FeatureKind.Categorical, 0, 0) { Categorical = new CategoricalProfile(["1", "0"], [0, 0], 0) },
                Numeric(outputs[1].Name, [0.1, 0.5, 0.9]),
            ]);
        return new ReferenceProfile("lr", 3, profile, "sha256:" + new string('0', 64), "csv", DateTimeOffset.UnixEpoch);
    }
}
