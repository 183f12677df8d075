using Modelplane.Serving.Monitoring.Statistics;

namespace Modelplane.Serving.Tests.Monitoring.Statistics;

/// <summary>The edges of the drift statistics' contracts, checked by hand (SciPy agreement is in DriftStatisticsAgreementTests).</summary>
public sealed class DriftStatisticsTests
{
    [Fact]
    public void Psi_BinEmptyInLive_AddsEpsilonToBothShares()
    {
        long[] reference = [50, 50];
        long[] live = [100, 0];

        // Only the bin that is empty on one side is smoothed: the full bin keeps its plain shares.
        var expected = ((1 - 0.5) * Math.Log(1 / 0.5)) + ((1e-4 - (0.5 + 1e-4)) * Math.Log(1e-4 / (0.5 + 1e-4)));
        Assert.Equal(expected, DriftStatistics.Psi(reference, live), 1e-12);
    }

    [Fact]
    public void Psi_BinsOfDifferentLengths_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => DriftStatistics.Psi([1, 2, 3], [1, 2]));

        Assert.Contains("3 bins", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Psi_NegativeCount_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => DriftStatistics.Psi([1, 2], [1, -2]));

        Assert.Contains("negative count (-2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Statistics_LiveWindowWithoutValues_AreNaN()
    {
        long[] reference = [5, 5];
        long[] live = [0, 0];

        Assert.True(double.IsNaN(DriftStatistics.Psi(reference, live)));
        Assert.True(double.IsNaN(DriftStatistics.JensenShannon(reference, live)));
        Assert.True(double.IsNaN(DriftStatistics.KolmogorovSmirnov(reference, live).PValue));
        Assert.True(double.IsNaN(DriftStatistics.ChiSquare(reference, live).Statistic));
        Assert.True(double.IsNaN(DriftStatistics.Wasserstein([1, 2], reference, [1, 2], live)));
    }

    [Fact]
    public void JensenShannon_DisjointBins_IsOne()
    {
        Assert.Equal(1, DriftStatistics.JensenShannon([10, 0], [0, 7]), 1e-12);
    }

    [Fact]
    public void KolmogorovSurvival_AtBranchBoundary_IsContinuous()
    {
        var below = DriftStatistics.KolmogorovSurvival(Math.BitDecrement(1.0));
        var above = DriftStatistics.KolmogorovSurvival(1.0);

        Assert.Equal(above, below, 1e-13);
    }

    [Fact]
    public void KolmogorovSurvival_ZeroAndNegative_IsOne()
    {
        Assert.Equal(1, DriftStatistics.KolmogorovSurvival(0));
        Assert.Equal(1, DriftStatistics.KolmogorovSurvival(-1));
    }

    [Fact]
    public void Wasserstein_UnsortedMeans_SameAsSorted()
    {
        var sorted = DriftStatistics.Wasserstein([1, 2, 3], [1, 1, 2], [1.5, 4], [3, 1]);
        var unsorted = DriftStatistics.Wasserstein([3, 1, 2], [2, 1, 1], [4, 1.5], [1, 3]);

        Assert.Equal(sorted, unsorted, 1e-12);
    }

    [Fact]
    public void Wasserstein_ShiftedByConstant_IsTheShift()
    {
        // Far more bins than fit on the stack, so the pooled path runs too.
        var means = Enumerable.Range(0, 1000).Select(i => (double)i).ToArray();
        var counts = Enumerable.Range(0, 1000).Select(i => (long)(i % 7) + 1).ToArray();
        var shifted = means.Select(m => m + 2.5).ToArray();

        Assert.Equal(2.5, DriftStatistics.Wasserstein(means, counts, shifted, counts), 1e-9);
    }

    [Fact]
    public void ChiSquare_SingleCategorySeen_IsZeroWithPValueOne()
    {
        Assert.Equal((0.0, 1.0), DriftStatistics.ChiSquare([40, 0, 0], [25, 0, 0]));
    }
}
