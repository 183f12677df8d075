using Modelplane.Registry.Monitoring;
using Modelplane.Serving.Monitoring.Statistics;

namespace Modelplane.Serving.Tests.Monitoring.Statistics;

public sealed partial class DriftCalculatorTests
{
    [Fact]
    public void Compare_DriftedFeatureListedLast_RankedFirst()
    {
        var reference = Profile(Numeric("calm", FlatLarge), Numeric("moderate", FlatLarge), Numeric("shifted", FlatLarge));
        var live = Profile(Numeric("calm", FlatLarge), Numeric("moderate", SignificantModerate), Numeric("shifted", Major));

        var report = DriftCalculator.Compare(reference, live, new());

        Assert.Equal(["shifted", "moderate", "calm"], report.Features.Select(f => f.Name));
        Assert.Equal(DriftVerdict.Drift, report.Verdict);
    }

    [Fact]
    public void Compare_UnseenCategories_DriftThroughOther()
    {
        var reference = Categorical("colour", [600, 400], other: 0);
        var live = Categorical("colour", [300, 200], other: 500);

        var drift = Assert.Single(DriftCalculator.Compare(Profile(reference), Profile(live), new()).Features);

        Assert.Equal(DriftVerdict.Drift, drift.Verdict);
        Assert.Contains("chi-square p ", drift.Reason, StringComparison.Ordinal);
        Assert.Null(drift.KsStatistic);
    }

    [Fact]
    public void Compare_NoFeatures_Stable()
    {
        var report = DriftCalculator.Compare(new DataProfile(500, [], []), new DataProfile(500, [], []), new());

        Assert.Equal((DriftVerdict.Stable, 0), (report.Verdict, report.Features.Count));
    }

    [Fact]
    public void Compare_FeatureRenamed_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            DriftCalculator.Compare(Profile(Numeric("age", Flat)), Profile(Numeric("income", Flat)), new()));

        Assert.Contains("'income'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'age'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_FeatureMissingFromLive_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            DriftCalculator.Compare(Profile(Numeric("a", Flat), Numeric("b", Flat)), Profile(Numeric("a", Flat)), new()));

        Assert.Contains("no feature 'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_DifferentEdgeCounts_ThrowsNamingFeature()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            DriftCalculator.Compare(Profile(Numeric("a", Flat)), Profile(Numeric("a", [50, 50])), new()));

        Assert.Contains("feature 'a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 histogram edges in the window, 9 in the reference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_DifferentKinds_ThrowsNamingFeature()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            DriftCalculator.Compare(Profile(Numeric("a", [50, 50])), Profile(Categorical("a", [50, 50], 0)), new()));

        Assert.Contains("feature 'a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Categorical in the window and Numeric in the reference", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A numeric feature over edges 1, 2, …, with each bin's values at the bin's index.</summary>
    private static FeatureProfile Numeric(string name, long[] counts)
    {
        var edges = Enumerable.Range(1, counts.Length - 1).Select(i => (double)i).ToArray();
        var sums = counts.Select((count, i) => (double)count * i).ToArray();
        return new FeatureProfile(name, FeatureKind.Numeric, counts.Sum(), 0)
        {
            Numeric = new NumericProfile(edges, counts, sums, Mean: 4.5, StdDev: 2.87, Min: 0, Max: counts.Length - 1),
        };
    }

    private static FeatureProfile Categorical(string name, long[] counts, long other)
    {
        var categories = counts.Select((_, i) => $"c{i}").ToArray();
        return new FeatureProfile(name, FeatureKind.Categorical, counts.Sum() + other, 0)
        {
            Categorical = new CategoricalProfile(categories, counts, other),
        };
    }

    private static DataProfile Profile(params FeatureProfile[] features) => new(features.Max(f => f.Count), features, []);
}
