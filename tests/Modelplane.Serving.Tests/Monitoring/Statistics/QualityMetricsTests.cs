using Modelplane.Serving.Monitoring.Statistics;

namespace Modelplane.Serving.Tests.Monitoring.Statistics;

/// <summary>Where quality metrics are undefined, and the inputs they refuse (scikit-learn agreement is in QualityMetricsAgreementTests).</summary>
public sealed class QualityMetricsTests
{
    [Fact]
    public void Binary_NoPositiveLabels_RecallAndAucAreNaN()
    {
        var metrics = QualityMetrics.Binary<string>(["yes", "no", "no"], ["no", "no", "no"], "yes", [0.7, 0.2, 0.1]);

        Assert.Equal(2.0 / 3, metrics.Accuracy, 1e-12);
        Assert.Equal(0, metrics.Precision);
        Assert.True(double.IsNaN(metrics.Recall));
        Assert.True(double.IsNaN(metrics.RocAuc));
        Assert.Equal(0, metrics.F1);
    }

    [Fact]
    public void Binary_NothingPredictedOrLabeledPositive_PrecisionAndF1AreNaN()
    {
        var metrics = QualityMetrics.Binary<bool>([false, false], [false, false], true);

        Assert.Equal(1, metrics.Accuracy);
        Assert.True(double.IsNaN(metrics.Precision));
        Assert.True(double.IsNaN(metrics.F1));
    }

    [Fact]
    public void Binary_WithoutProbabilities_AucAndLogLossAreNaN()
    {
        var metrics = QualityMetrics.Binary<int>([1, 0], [1, 1], 1);

        Assert.True(double.IsNaN(metrics.RocAuc));
        Assert.True(double.IsNaN(metrics.LogLoss));
    }

    [Fact]
    public void Binary_CertainAndWrong_LogLossClippedAt1e15()
    {
        var metrics = QualityMetrics.Binary<int>([0], [1], 1, [0.0]);

        Assert.Equal(-Math.Log(1e-15), metrics.LogLoss, 1e-9);
    }

    [Fact]
    public void Binary_AllScoresTied_AucIsOneHalf()
    {
        var metrics = QualityMetrics.Binary<int>([1, 1, 1, 1], [1, 0, 1, 0], 1, [0.6, 0.6, 0.6, 0.6]);

        Assert.Equal(0.5, metrics.RocAuc, 1e-12);
    }

    [Fact]
    public void Binary_LengthsDiffer_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => QualityMetrics.Binary<int>([1, 0], [1], 1));

        Assert.Contains("Predictions (2), labels (1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Multiclass_NoRows_EverythingNaN()
    {
        var metrics = QualityMetrics.Multiclass<int>([], []);

        Assert.Equal(0, metrics.Rows);
        Assert.True(double.IsNaN(metrics.Accuracy) && double.IsNaN(metrics.Precision) && double.IsNaN(metrics.F1) && double.IsNaN(metrics.LogLoss));
    }

    [Fact]
    public void Regression_ConstantLabels_RSquaredNaN()
    {
        var metrics = QualityMetrics.Regression([1, 2, 3], [2, 2, 2]);

        Assert.Equal(2.0 / 3, metrics.MeanAbsoluteError, 1e-12);
        Assert.Equal(Math.Sqrt(2.0 / 3), metrics.RootMeanSquaredError, 1e-12);
        Assert.True(double.IsNaN(metrics.RSquared));
    }
}
