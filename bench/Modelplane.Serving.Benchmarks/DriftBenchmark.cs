using BenchmarkDotNet.Attributes;
using Modelplane.Registry.Monitoring;
using Modelplane.Serving.Monitoring.Statistics;

namespace Modelplane.Serving.Benchmarks;

/// <summary>
/// The drift report of a 30-feature model (numeric, decile histograms of 10 bins): the comparison over bins alone, given
/// a reference and a live window of 1,000,000 rows each already profiled. Three features are shifted, so verdicts and
/// reasons are formatted too.
/// </summary>
[MemoryDiagnoser]
public class DriftBenchmark
{
    private const int Features = 30;
    private const int Rows = 1_000_000;

    private readonly DriftThresholds _thresholds = new();
    private DataProfile _reference = null!;
    private DataProfile _live = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(8);
        var reference = new FeatureProfile[Features];
        var live = new FeatureProfile[Features];
        for (var f = 0; f < Features; f++)
        {
            var edges = Enumerable.Range(1, 9).Select(i => (i * 0.5) - 2.5).ToArray();
            var even = Enumerable.Repeat((long)(Rows / 10), 10).ToArray();
            var shift = f % 10 == 3 ? 0.4 : 0.02;
            var counts = even.Select((c, i) => (long)(c * (1 + (shift * (i - 4.5) / 4.5) + (random.NextDouble() * 0.01)))).ToArray();
            reference[f] = Numeric($"feature_{f}", edges, even);
            live[f] = Numeric($"feature_{f}", edges, counts);
        }

        _reference = new DataProfile(Rows, reference, []);
        _live = new DataProfile(live[0].Count, live, []);
    }

    /// <summary>One report: PSI, KS, Wasserstein, Jensen–Shannon and the verdict for every feature, ranked.</summary>
    [Benchmark]
    public DriftReport Compare() => DriftCalculator.Compare(_reference, _live, _thresholds);

    private static FeatureProfile Numeric(string name, double[] edges, long[] counts)
    {
        // Each bin's mass sits at its midpoint (the open end bins half a step beyond the last edge).
        var sums = counts.Select((count, i) => count * ((i * 0.5) - 2.75)).ToArray();
        return new FeatureProfile(name, FeatureKind.Numeric, counts.Sum(), 0)
        {
            Numeric = new NumericProfile(edges, counts, sums, Mean: 0, StdDev: 1, Min: -5, Max: 5),
        };
    }
}
