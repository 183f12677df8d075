using Modelplane.Serving.Analysis;

namespace Modelplane.Serving.Tests.Analysis;

/// <summary>PSI over class labels and over continuous scores, checked against values computed by hand.</summary>
public sealed class PopulationStabilityTests
{
    [Fact]
    public void Index_IdenticalContinuousSamples_IsZero()
    {
        var sample = Normal(new Random(1), 2000, mean: 0);

        Assert.Equal(0, PopulationStability.Index(sample, sample), 1e-9);
    }

    [Fact]
    public void Index_IdenticalLabels_IsZero()
    {
        double[] labels = [0, 1, 2, 2, 1, 0, 0];

        Assert.Equal(0, PopulationStability.Index(labels, labels), 1e-9);
    }

    [Fact]
    public void Index_LabelsFromHalfToNinetyPercent_MatchesHandComputedValue()
    {
        var baseline = Labels(zeros: 50, ones: 50);
        var candidate = Labels(zeros: 90, ones: 10);

        var expected = ((0.9 - 0.5) * Math.Log(0.9 / 0.5)) + ((0.1 - 0.5) * Math.Log(0.1 / 0.5));
        Assert.Equal(expected, PopulationStability.Index(baseline, candidate), 1e-9);
        Assert.Equal(0.8789, expected, 1e-4);
    }

    [Fact]
    public void Index_LabelMissingFromCandidate_UsesFloorProportion()
    {
        var baseline = Labels(zeros: 50, ones: 50);
        var candidate = Labels(zeros: 100, ones: 0);

        var expected = ((1 - 0.5) * Math.Log(1 / 0.5)) + ((1e-4 - 0.5) * Math.Log(1e-4 / 0.5));
        Assert.Equal(expected, PopulationStability.Index(baseline, candidate), 1e-9);
    }

    [Fact]
    public void Index_ContinuousShiftedByThreeSigma_ExceedsOne()
    {
        var random = new Random(7);
        var baseline = Normal(random, 2000, mean: 0);
        var candidate = Normal(random, 2000, mean: 3);

        Assert.True(PopulationStability.Index(baseline, candidate) > 1);
    }

    [Fact]
    public void Index_ContinuousSameDistribution_StaysSmall()
    {
        var random = new Random(11);

        Assert.True(PopulationStability.Index(Normal(random, 4000, 0), Normal(random, 4000, 0)) < 0.02);
    }

    [Fact]
    public void Index_EmptyBaseline_ThrowsNamingBaseline()
    {
        var ex = Assert.Throws<ArgumentException>(() => PopulationStability.Index([], [1.0]));

        Assert.Equal("baseline", ex.ParamName);
    }

    [Fact]
    public void Index_EmptyCandidate_ThrowsNamingCandidate()
    {
        var ex = Assert.Throws<ArgumentException>(() => PopulationStability.Index([1.0], []));

        Assert.Equal("candidate", ex.ParamName);
    }

    internal static double[] Labels(int zeros, int ones) => [.. Enumerable.Repeat(0.0, zeros), .. Enumerable.Repeat(1.0, ones)];

    // Box–Muller with unit variance: a seeded generator keeps the test deterministic.
    internal static double[] Normal(Random random, int count, double mean) =>
        [.. Enumerable.Range(0, count).Select(_ => mean + (Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))];
}
