using System.ComponentModel.DataAnnotations;
using Modelplane.Serving.Analysis;

namespace Modelplane.Serving.Tests.Analysis;

public sealed class AnalysisThresholdsTests
{
    [Fact]
    public void Ctor_Defaults()
    {
        var thresholds = new AnalysisThresholds();

        Assert.Equal(0.01, thresholds.MaxErrorRateDelta);
        Assert.Equal(1.5, thresholds.MaxP95LatencyRatio);
        Assert.Equal(0.2, thresholds.MaxPredictionPsi);
        Assert.Equal(200, thresholds.MinRequests);
        Assert.Equal(50, thresholds.MinPredictions);
        Assert.Equal(TimeSpan.FromMilliseconds(2), thresholds.LatencyFloor);
    }

    [Fact]
    public void InvalidOptions_ReportsAllErrors()
    {
        var thresholds = new AnalysisThresholds
        {
            MaxErrorRateDelta = -0.1,
            MaxP95LatencyRatio = 0.5,
            MaxPredictionPsi = -1,
            MinRequests = 0,
            MinPredictions = 0,
            LatencyFloor = TimeSpan.Zero,
        };
        var results = new List<ValidationResult>();

        Validator.TryValidateObject(thresholds, new ValidationContext(thresholds), results, validateAllProperties: true);

        Assert.Equal(
            ["LatencyFloor", "MaxErrorRateDelta", "MaxP95LatencyRatio", "MaxPredictionPsi", "MinPredictions", "MinRequests"],
            results.SelectMany(r => r.MemberNames).Order());
    }
}
