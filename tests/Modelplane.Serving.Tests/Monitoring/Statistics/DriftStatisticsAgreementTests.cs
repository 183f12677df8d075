using Modelplane.Serving.Monitoring.Statistics;

namespace Modelplane.Serving.Tests.Monitoring.Statistics;

/// <summary>Every drift statistic against SciPy on the cases drift_fixtures.py generates (statistics to 1e-6, p-values to 1e-4).</summary>
[Collection(ScipyAnswersGroup.Name)]
public sealed class DriftStatisticsAgreementTests(ScipyFixture scipy)
{
    private const double StatisticTolerance = 1e-6;
    private const double PValueTolerance = 1e-4;

    public static TheoryData<string> NumericCases =>
    [
        "identical", "disjoint_above", "disjoint_below", "constant", "constant_reference", "empty_bins",
        "tied_values", "large_n", "small_n", "scaled", "mean_shifted", "missing_values",
    ];

    public static TheoryData<string> CategoricalCases =>
    [
        "single_category", "single_category_unseen", "same_distribution", "shifted", "category_missing_live", "many_with_unseen",
    ];

    [Fact]
    public void PsiEpsilon_SameAsScript()
    {
        Assert.Equal(DriftStatistics.PsiEpsilon, scipy.Answers.PsiEpsilon);
    }

    [Theory]
    [MemberData(nameof(NumericCases))]
    public void Psi_NumericCase_MatchesScript(string name)
    {
        var c = scipy.Numeric(name);

        Assert.Equal(c.Psi, DriftStatistics.Psi(c.ReferenceCounts, c.LiveCounts), StatisticTolerance);
    }

    [Theory]
    [MemberData(nameof(NumericCases))]
    public void KolmogorovSmirnov_NumericCase_MatchesScipy(string name)
    {
        var c = scipy.Numeric(name);

        var (statistic, pValue) = DriftStatistics.KolmogorovSmirnov(c.ReferenceCounts, c.LiveCounts);

        Assert.Equal(c.KsStatistic, statistic, StatisticTolerance);
        Assert.Equal(c.KsPValue, pValue, PValueTolerance);
    }

    [Theory]
    [MemberData(nameof(NumericCases))]
    public void Wasserstein_NumericCase_MatchesScipy(string name)
    {
        var c = scipy.Numeric(name);

        var distance = DriftStatistics.Wasserstein(Means(c.ReferenceSums, c.ReferenceCounts), c.ReferenceCounts, Means(c.LiveSums, c.LiveCounts), c.LiveCounts);

        Assert.Equal(c.Wasserstein, distance, StatisticTolerance);
    }

    [Theory]
    [MemberData(nameof(NumericCases))]
    public void JensenShannon_NumericCase_MatchesScipy(string name)
    {
        var c = scipy.Numeric(name);

        Assert.Equal(c.JensenShannon, DriftStatistics.JensenShannon(c.ReferenceCounts, c.LiveCounts), StatisticTolerance);
    }

    [Theory]
    [MemberData(nameof(NumericCases))]
    public void ChiSquare_NumericBins_MatchesScipy(string name)
    {
        var c = scipy.Numeric(name);

        var (statistic, pValue) = DriftStatistics.ChiSquare(c.ReferenceCounts, c.LiveCounts);

        Assert.Equal(c.ChiSquare, statistic, StatisticTolerance * Math.Max(1, c.ChiSquare));
        Assert.Equal(c.ChiSquarePValue, pValue, PValueTolerance);
    }

    [Theory]
    [MemberData(nameof(CategoricalCases))]
    public void ChiSquare_CategoricalCase_MatchesScipy(string name)
    {
        var c = scipy.Categorical(name);

        var (statistic, pValue) = DriftStatistics.ChiSquare(c.ReferenceWithOther, c.LiveWithOther);

        Assert.Equal(c.ChiSquare, statistic, StatisticTolerance * Math.Max(1, c.ChiSquare));
        Assert.Equal(c.ChiSquarePValue, pValue, PValueTolerance);
    }

    [Theory]
    [MemberData(nameof(CategoricalCases))]
    public void Psi_CategoricalCase_MatchesScript(string name)
    {
        var c = scipy.Categorical(name);

        Assert.Equal(c.Psi, DriftStatistics.Psi(c.ReferenceWithOther, c.LiveWithOther), StatisticTolerance);
    }

    [Theory]
    [MemberData(nameof(CategoricalCases))]
    public void JensenShannon_CategoricalCase_MatchesScipy(string name)
    {
        var c = scipy.Categorical(name);

        Assert.Equal(c.JensenShannon, DriftStatistics.JensenShannon(c.ReferenceWithOther, c.LiveWithOther), StatisticTolerance);
    }

    [Fact]
    public void KolmogorovSurvival_BothBranches_MatchScipyKstwobignTo1e10()
    {
        Assert.All(scipy.Answers.Kolmogorov, point => Assert.Equal(point.Survival, DriftStatistics.KolmogorovSurvival(point.X), 1e-10));
    }

    internal static double[] Means(double[] sums, long[] counts) =>
        [.. sums.Zip(counts, (sum, count) => count > 0 ? sum / count : double.NaN)];
}
