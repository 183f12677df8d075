using Modelplane.Serving.Monitoring.Statistics;

namespace Modelplane.Serving.Tests.Monitoring.Statistics;

/// <summary>Realised quality against scikit-learn on the cases drift_fixtures.py generates.</summary>
[Collection(ScipyAnswersGroup.Name)]
public sealed class QualityMetricsAgreementTests(ScipyFixture scipy)
{
    private const double Tolerance = 1e-6;

    [Theory]
    [InlineData("tied_scores")]
    [InlineData("extreme_probabilities")]
    public void Binary_Case_MatchesScikitLearn(string name)
    {
        var c = scipy.Answers.Binary.Single(b => b.Name == name);

        var metrics = QualityMetrics.Binary<int>(c.Predicted, c.Actual, positiveClass: 1, c.Probability);

        Assert.Equal(c.Actual.Length, metrics.Rows);
        Assert.Equal(c.Accuracy, metrics.Accuracy, Tolerance);
        Assert.Equal(c.Precision, metrics.Precision, Tolerance);
        Assert.Equal(c.Recall, metrics.Recall, Tolerance);
        Assert.Equal(c.F1, metrics.F1, Tolerance);
        Assert.Equal(c.RocAuc, metrics.RocAuc, Tolerance);
        Assert.Equal(c.LogLoss, metrics.LogLoss, Tolerance);
    }

    [Theory]
    [InlineData("three_classes")]
    [InlineData("class_never_predicted")]
    public void Multiclass_Case_MatchesScikitLearnMacroAverage(string name)
    {
        var c = scipy.Answers.Multiclass.Single(m => m.Name == name);

        var metrics = QualityMetrics.Multiclass<int>(c.Predicted, c.Actual, c.Probability);

        Assert.Equal(c.Accuracy, metrics.Accuracy, Tolerance);
        Assert.Equal(c.Precision, metrics.Precision, Tolerance);
        Assert.Equal(c.Recall, metrics.Recall, Tolerance);
        Assert.Equal(c.F1, metrics.F1, Tolerance);
        Assert.Equal(c.LogLoss, metrics.LogLoss, Tolerance);
        Assert.True(double.IsNaN(metrics.RocAuc));
    }

    [Fact]
    public void Regression_Linear_MatchesScikitLearn()
    {
        var c = Assert.Single(scipy.Answers.Regression);

        var metrics = QualityMetrics.Regression(c.Predicted, c.Actual);

        Assert.Equal(c.Mae, metrics.MeanAbsoluteError, Tolerance);
        Assert.Equal(c.Rmse, metrics.RootMeanSquaredError, Tolerance);
        Assert.Equal(c.R2, metrics.RSquared, Tolerance);
    }
}
