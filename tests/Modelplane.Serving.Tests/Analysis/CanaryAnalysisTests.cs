using Modelplane.Serving.Analysis;

namespace Modelplane.Serving.Tests.Analysis;

/// <summary>The verdict on a canary: each check failing alone with a reason that names figure and threshold.</summary>
public sealed class CanaryAnalysisTests
{
    private static readonly AnalysisThresholds Thresholds = new();
    private static readonly double[] EvenLabels = PopulationStabilityTests.Labels(zeros: 500, ones: 500);

    [Fact]
    public void Judge_FewerThanMinRequests_InsufficientDataNamingCounts()
    {
        var verdict = CanaryAnalysis.Judge(Window(912), Window(37), Thresholds);

        Assert.Equal(AnalysisOutcome.InsufficientData, verdict.Outcome);
        Assert.Equal(["canary has 37 requests, baseline 912; at least 200 each are needed"], verdict.Reasons);
        Assert.Equal(37, verdict.Figures.CanaryRequests);
        Assert.Null(verdict.Figures.CanaryErrorRate);
        Assert.Null(verdict.Figures.P95Ratio);
    }

    [Fact]
    public void Judge_CanaryErrorsPastDelta_FailsOnErrorRate()
    {
        var verdict = CanaryAnalysis.Judge(Window(1000), Window(1000, errors: 120), Thresholds);

        Assert.Equal(AnalysisOutcome.Failed, verdict.Outcome);
        Assert.Equal(["error rate 12.0% vs baseline 0.0% (delta 0.120 > 0.010)"], verdict.Reasons);
        Assert.Equal(0.12, verdict.Figures.ErrorRateDelta!.Value, 1e-12);
    }

    [Fact]
    public void Judge_CanaryFiveTimesSlower_FailsOnP95Latency()
    {
        var verdict = CanaryAnalysis.Judge(Window(1000, latencyMs: 2), Window(1000, latencyMs: 10.2), Thresholds);

        Assert.Equal(AnalysisOutcome.Failed, verdict.Outcome);
        Assert.Equal(["p95 latency 10.2 ms vs baseline 2.0 ms (ratio 5.10 > 1.50)"], verdict.Reasons);
        Assert.Equal(5.1, verdict.Figures.P95Ratio!.Value, 1e-9);
    }

    [Fact]
    public void Judge_CanaryPredictionsShifted_FailsOnPsi()
    {
        var shifted = PopulationStabilityTests.Labels(zeros: 900, ones: 100);

        var verdict = CanaryAnalysis.Judge(Window(1000), Window(1000, predictions: shifted), Thresholds);

        Assert.Equal(AnalysisOutcome.Failed, verdict.Outcome);
        Assert.Equal(["prediction PSI 0.88 > 0.20"], verdict.Reasons);
    }

    [Fact]
    public void Judge_GoodCanary_Passes()
    {
        var random = new Random(3);
        var baseline = Window(1000, errors: 2, latencyMs: 2, predictions: PopulationStabilityTests.Normal(random, 1000, 0), random: random);
        var canary = Window(1000, errors: 3, latencyMs: 2.2, predictions: PopulationStabilityTests.Normal(random, 1000, 0), random: random);

        var verdict = CanaryAnalysis.Judge(baseline, canary, Thresholds);

        Assert.Equal(AnalysisOutcome.Passed, verdict.Outcome);
        Assert.Empty(verdict.Reasons);
        Assert.InRange(verdict.Figures.P95Ratio!.Value, 1.0, 1.5);
        Assert.InRange(verdict.Figures.Psi!.Value, 0, 0.2);
        Assert.Equal(0.001, verdict.Figures.ErrorRateDelta!.Value, 1e-12);
    }

    [Fact]
    public void Judge_SubMillisecondLatencies_FloorPreventsSlowdownVerdict()
    {
        var verdict = CanaryAnalysis.Judge(Window(1000, latencyMs: 0.1), Window(1000, latencyMs: 0.2), Thresholds);

        Assert.Equal(AnalysisOutcome.Passed, verdict.Outcome);
        Assert.Equal(1.0, verdict.Figures.P95Ratio);
        Assert.Equal(0.1, verdict.Figures.BaselineP95Ms!.Value, 1e-9);
        Assert.Equal(0.2, verdict.Figures.CanaryP95Ms!.Value, 1e-9);
    }

    [Fact]
    public void Judge_SlowCanaryOverFastBaseline_ReasonSaysFloorApplied()
    {
        var verdict = CanaryAnalysis.Judge(Window(1000, latencyMs: 0.1), Window(1000, latencyMs: 5), Thresholds);

        Assert.Equal(["p95 latency 5.0 ms vs baseline 0.1 ms (ratio 2.50 > 1.50; p95 under 2 ms counts as 2 ms)"], verdict.Reasons);
    }

    [Fact]
    public void Judge_FewerThanFiftyLatencies_IsInsufficientData_EvenAboveMinRequests()
    {
        var few = new AnalysisThresholds { MinRequests = 10 };

        var verdict = CanaryAnalysis.Judge(Window(1000), Window(20, latencyMs: 50), few);

        Assert.Equal(AnalysisOutcome.InsufficientData, verdict.Outcome);
        Assert.Equal(["canary has 20 timed requests, baseline 1000; a p95 needs at least 50 each"], verdict.Reasons);
    }

    [Fact]
    public void Judge_FewPredictions_LeavesPsiUnjudged()
    {
        var verdict = CanaryAnalysis.Judge(Window(1000), Window(1000, predictions: [1, 1, 1]), Thresholds);

        Assert.Equal(AnalysisOutcome.Passed, verdict.Outcome);
        Assert.Null(verdict.Figures.Psi);
    }

    // Records through a real window, so the verdict is tested on what the request path produces.
    private static WindowSample Window(int requests, int errors = 0, double latencyMs = 2, double[]? predictions = null, Random? random = null)
    {
        var window = new VersionWindow();
        for (var i = 0; i < requests; i++)
        {
            var jitter = random is null ? 1 : 0.9 + (0.2 * random.NextDouble());
            window.Record(i < errors ? 500 : 200, latencyMs * jitter / 1000);
        }

        foreach (var prediction in predictions ?? EvenLabels)
        {
            window.ObservePrediction(prediction);
        }

        return window.Sample();
    }
}
