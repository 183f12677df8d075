using System.ComponentModel.DataAnnotations;
using Modelplane.Serving.Monitoring.Statistics;

namespace Modelplane.Serving.Tests.Monitoring.Statistics;

public sealed class DriftThresholdsTests
{
    [Fact]
    public void Ctor_Defaults()
    {
        var thresholds = new DriftThresholds();

        Assert.Equal(0.1, thresholds.PsiWarning);
        Assert.Equal(0.25, thresholds.PsiAlert);
        Assert.Equal(0.05, thresholds.PValueAlpha);
        Assert.Equal(0.05, thresholds.MissingRateWarning);
        Assert.Equal(0.2, thresholds.MissingRateAlert);
        Assert.Equal(100, thresholds.MinRows);
        Assert.Empty(thresholds.Overrides);
    }

    [Fact]
    public void InvalidOptions_ReportsAllErrors()
    {
        var thresholds = new DriftThresholds
        {
            PsiWarning = -1,
            PsiAlert = -1,
            PValueAlpha = 2,
            MissingRateWarning = 1.5,
            MissingRateAlert = -0.1,
            MinRows = -1,
        };
        var results = new List<ValidationResult>();

        Validator.TryValidateObject(thresholds, new ValidationContext(thresholds), results, validateAllProperties: true);

        Assert.Equal(
            ["MinRows", "MissingRateAlert", "MissingRateWarning", "PValueAlpha", "PsiAlert", "PsiWarning"],
            results.SelectMany(r => r.MemberNames).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void For_FeatureWithOverride_ReturnsOverrideElseDefaults()
    {
        var thresholds = new DriftThresholds { Overrides = new Dictionary<string, FeatureThresholds> { ["age"] = new(0.3, 0.6) } };

        Assert.Equal(new FeatureThresholds(0.3, 0.6), thresholds.For("age"));
        Assert.Equal(new FeatureThresholds(0.1, 0.25), thresholds.For("income"));
    }

    [Fact]
    public void Equals_SameOverridesInDifferentDictionaries_AreEqual()
    {
        var a = new DriftThresholds { Overrides = new Dictionary<string, FeatureThresholds> { ["age"] = new(0.3, 0.6) } };
        var b = new DriftThresholds { Overrides = new Dictionary<string, FeatureThresholds> { ["age"] = new(0.3, 0.6) } };

        Assert.Equal(a, b);
        Assert.NotEqual(a, b with { Overrides = new Dictionary<string, FeatureThresholds> { ["age"] = new(0.3, 0.7) } });
    }
}
