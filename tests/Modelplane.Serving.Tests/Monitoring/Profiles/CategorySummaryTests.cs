using Modelplane.Registry.Monitoring;
using Modelplane.Serving.Monitoring.Profiles;

namespace Modelplane.Serving.Tests.Monitoring.Profiles;

public sealed class CategorySummaryTests
{
    [Fact]
    public void Profile_Values_MostFrequentFirstTiesByOrdinalName()
    {
        var categorical = CategorySummary.Profile("c", ["b", "a", "c", "b", "a", "Z", null]).Categorical!;

        Assert.Equal(["a", "b", "Z", "c"], categorical.Categories);
        Assert.Equal([2, 2, 1, 1], categorical.Counts);
    }

    [Fact]
    public void Profile_MissingValues_CountedAsMissing()
    {
        var feature = CategorySummary.Profile("c", ["x", null, null]);

        Assert.Equal((3, 2), (feature.Count, feature.Missing));
    }

    [Fact]
    public void Profile_MoreCategoriesThanMax_RarestCountAsOther()
    {
        var values = Enumerable.Range(0, 60).SelectMany(i => Enumerable.Repeat($"k{i:D2}", 100 - i)).ToArray();

        var categorical = CategorySummary.Profile("c", values).Categorical!;

        Assert.Equal(CategoricalProfile.MaxCategories, categorical.Categories.Count);
        Assert.Equal("k00", categorical.Categories[0]);
        Assert.Equal(Enumerable.Range(50, 10).Sum(i => 100L - i), categorical.Other);
    }

    [Theory]
    [InlineData("TRUE", "1")]
    [InlineData("false", "0")]
    [InlineData("yes", "yes")]
    public void Normalize_Booleans_AreOneAndZero(string text, string expected)
    {
        Assert.Equal(expected, CategorySummary.Normalize(text));
    }
}
