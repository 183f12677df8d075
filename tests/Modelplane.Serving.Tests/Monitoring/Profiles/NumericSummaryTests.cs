using Modelplane.Serving.Monitoring.Profiles;

namespace Modelplane.Serving.Tests.Monitoring.Profiles;

/// <summary>Expected values are NumPy 1.24's (np.quantile, np.unique, np.searchsorted side="right", mean, std).</summary>
public sealed class NumericSummaryTests
{
    private static readonly double[] Sample = [3.5, -1.25, 7.0, 7.0, 2.0, 10.5, 0.1, 4.4, 4.4, 4.4, 9.75, -3.0, 6.2];

    [Fact]
    public void Profile_IrregularSample_EdgesAreNumPyDeciles()
    {
        var numeric = NumericSummary.Profile("x", Sample).Numeric!;

        double[] numpy = [-0.9799999999999998, 0.8600000000000007, 2.8999999999999995, 4.220000000000001, 4.4, 4.759999999999999, 6.519999999999999, 7.0, 9.200000000000003];
        Assert.Equal(numpy, numeric.Edges);
    }

    [Fact]
    public void Profile_IrregularSample_CountsFollowSearchsortedRight()
    {
        var numeric = NumericSummary.Profile("x", Sample).Numeric!;

        Assert.Equal([2, 1, 1, 1, 0, 3, 1, 0, 2, 2], numeric.Counts);
        Assert.Equal(Sample.Sum(), numeric.Sums.Sum(), 12);
    }

    [Fact]
    public void Profile_IrregularSample_MomentsAndQuantilesMatchNumPy()
    {
        var numeric = NumericSummary.Profile("x", Sample).Numeric!;

        Assert.Equal(4.230769230769231, numeric.Mean, 12);
        Assert.Equal(3.862668391227975, numeric.StdDev, 12);
        Assert.Equal((-3.0, 10.5), (numeric.Min, numeric.Max));
        Assert.Equal(101, numeric.Quantiles!.Count);
        Assert.Equal(10.41, numeric.Quantiles[99], 12);
    }

    [Fact]
    public void Profile_RepeatedValues_DuplicateDecilesDropped()
    {
        var numeric = NumericSummary.Profile("x", [1, 1, 1, 1, 1, 1, 2, 3, 5, 8.0]).Numeric!;

        Assert.Equal([1.0, 1.3999999999999995, 2.3, 3.4000000000000004, 5.299999999999999], numeric.Edges);
        Assert.Equal([0, 6, 1, 1, 1, 1], numeric.Counts);
    }

    [Fact]
    public void Profile_ConstantFeature_OneEdgeAndEveryValueInTheLastBin()
    {
        var numeric = NumericSummary.Profile("x", [2.5, 2.5, 2.5, 2.5]).Numeric!;

        Assert.Equal([2.5], numeric.Edges);
        Assert.Equal([0, 4], numeric.Counts);
        Assert.Equal((2.5, 0.0), (numeric.Mean, numeric.StdDev));
    }

    [Fact]
    public void Profile_MissingValues_CountedAsMissingNotBinned()
    {
        var feature = NumericSummary.Profile("x", [1, double.NaN, 2, 3, double.NaN]);

        Assert.Equal((5, 2), (feature.Count, feature.Missing));
        Assert.Equal(3, feature.Numeric!.Counts.Sum());
        Assert.Equal(0.4, feature.MissingRate);
    }

    [Fact]
    public void Profile_AllMissing_NoEdgesOneEmptyBinNaNBounds()
    {
        var numeric = NumericSummary.Profile("x", [double.NaN, double.NaN]).Numeric!;

        Assert.Empty(numeric.Edges);
        Assert.Equal([0], numeric.Counts);
        Assert.True(double.IsNaN(numeric.Min) && double.IsNaN(numeric.Max));
    }

    [Theory]
    [InlineData(0.5, 0)]
    [InlineData(1.0, 1)]
    [InlineData(1.5, 1)]
    [InlineData(2.0, 2)]
    [InlineData(9.0, 3)]
    public void Bin_ValueOnOrBetweenEdges_IsCountOfEdgesAtOrBelow(double value, int bin)
    {
        Assert.Equal(bin, NumericSummary.Bin([1.0, 2.0, 3.0], value));
    }
}
