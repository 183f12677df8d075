using Modelplane.Registry.Monitoring;
using Modelplane.Serving.Monitoring.Statistics;

namespace Modelplane.Serving.Tests.Monitoring.Statistics;

/// <summary>A drift report built from profiles of the fixture samples carries SciPy's statistics, Wasserstein normalised.</summary>
[Collection(ScipyAnswersGroup.Name)]
public sealed class DriftCalculatorAgreementTests(ScipyFixture scipy)
{
    private const double StatisticTolerance = 1e-6;
    private const double PValueTolerance = 1e-4;

    [Theory]
    [MemberData(nameof(DriftStatisticsAgreementTests.NumericCases), MemberType = typeof(DriftStatisticsAgreementTests))]
    public void Compare_NumericCase_ReportsScipyStatistics(string name)
    {
        var c = scipy.Numeric(name);

        var drift = Assert.Single(DriftCalculator.Compare(Profile(c, reference: true), Profile(c, reference: false), new DriftThresholds()).Features);

        Assert.Equal(c.Psi, drift.Psi!.Value, StatisticTolerance);
        Assert.Equal(c.KsStatistic, drift.KsStatistic!.Value, StatisticTolerance);
        Assert.Equal(c.KsPValue, drift.KsPValue!.Value, PValueTolerance);
        Assert.Equal(c.Wasserstein / (c.ReferenceStdDev > 0 ? c.ReferenceStdDev : 1), drift.Wasserstein!.Value, StatisticTolerance);
        Assert.Equal(c.JensenShannon, drift.JensenShannon!.Value, StatisticTolerance);
        Assert.Equal((double)c.LiveMissing / c.LiveRows, drift.LiveMissingRate, StatisticTolerance);
        Assert.Null(drift.ChiSquare);
    }

    [Theory]
    [MemberData(nameof(DriftStatisticsAgreementTests.CategoricalCases), MemberType = typeof(DriftStatisticsAgreementTests))]
    public void Compare_CategoricalCase_ReportsScipyStatistics(string name)
    {
        var c = scipy.Categorical(name);

        var drift = Assert.Single(DriftCalculator.Compare(Profile(c, reference: true), Profile(c, reference: false), new DriftThresholds()).Features);

        Assert.Equal(c.ChiSquare, drift.ChiSquare!.Value, StatisticTolerance * Math.Max(1, c.ChiSquare));
        Assert.Equal(c.ChiSquarePValue, drift.ChiSquarePValue!.Value, PValueTolerance);
        Assert.Equal(c.Psi, drift.Psi!.Value, StatisticTolerance);
        Assert.Equal(c.JensenShannon, drift.JensenShannon!.Value, StatisticTolerance);
        Assert.Null(drift.KsStatistic);
    }

    private static DataProfile Profile(NumericCase c, bool reference)
    {
        var (rows, missing) = reference ? (c.ReferenceRows, c.ReferenceMissing) : (c.LiveRows, c.LiveMissing);
        var numeric = reference
            ? new NumericProfile(c.Edges, c.ReferenceCounts, c.ReferenceSums, c.ReferenceMean, c.ReferenceStdDev, double.NaN, double.NaN)
            : new NumericProfile(c.Edges, c.LiveCounts, c.LiveSums, c.LiveMean, c.LiveStdDev, double.NaN, double.NaN);
        return new DataProfile(rows, [new FeatureProfile(c.Name, FeatureKind.Numeric, rows, missing) { Numeric = numeric }], []);
    }

    private static DataProfile Profile(CategoricalCase c, bool reference)
    {
        var categorical = reference
            ? new CategoricalProfile(c.Categories, c.ReferenceCounts, c.ReferenceOther)
            : new CategoricalProfile(c.Categories, c.LiveCounts, c.LiveOther);
        var rows = categorical.Counts.Sum() + categorical.Other;
        return new DataProfile(rows, [], [new FeatureProfile(c.Name, FeatureKind.Categorical, rows, 0) { Categorical = categorical }]);
    }
}
