using System.Globalization;

namespace Modelplane.Serving.Analysis;

/// <summary>
/// Judges a canary against its baseline on error rate, p95 latency and prediction distribution, so a rollout can
/// promote or roll back on evidence rather than on a timer alone.
/// </summary>
public static class CanaryAnalysis
{
    /// <summary>Latencies each side needs before its p95 means anything (nearest rank of 50 values: the third slowest).</summary>
    public const int MinLatencySamples = 50;

    /// <summary>Compares the two windows; any check past its threshold fails the canary.</summary>
    public static AnalysisVerdict Judge(WindowSample baseline, WindowSample canary, AnalysisThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(canary);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(thresholds.LatencyFloor, TimeSpan.Zero, nameof(thresholds));

        var figures = new AnalysisFigures { BaselineRequests = baseline.Requests, CanaryRequests = canary.Requests };
        if (baseline.Requests < thresholds.MinRequests || canary.Requests < thresholds.MinRequests)
        {
            return new AnalysisVerdict(
                AnalysisOutcome.InsufficientData,
                [Text($"canary has {canary.Requests} requests, baseline {baseline.Requests}; at least {thresholds.MinRequests} each are needed")],
                figures);
        }

        if (baseline.Latencies.Length < MinLatencySamples || canary.Latencies.Length < MinLatencySamples)
        {
            // A p95 of fewer values is the slowest one or two requests: a cold context or one GC pause would decide.
            return new AnalysisVerdict(
                AnalysisOutcome.InsufficientData,
                [Text($"canary has {canary.Latencies.Length} timed requests, baseline {baseline.Latencies.Length}; a p95 needs at least {MinLatencySamples} each")],
                figures);
        }

        var reasons = new List<string>();
        var baselineRate = (double)baseline.Errors / baseline.Requests;
        var canaryRate = (double)canary.Errors / canary.Requests;
        var delta = canaryRate - baselineRate;
        if (delta > thresholds.MaxErrorRateDelta)
        {
            reasons.Add(Text($"error rate {canaryRate * 100:0.0}% vs baseline {baselineRate * 100:0.0}% (delta {delta:0.000} > {thresholds.MaxErrorRateDelta:0.000})"));
        }

        var baselineP95 = P95(baseline.Latencies);
        var canaryP95 = P95(canary.Latencies);
        double? ratio = null;
        if (baselineP95 is { } b && canaryP95 is { } c)
        {
            var floor = thresholds.LatencyFloor.TotalSeconds;
            ratio = Math.Max(c, floor) / Math.Max(b, floor);
            if (ratio > thresholds.MaxP95LatencyRatio)
            {
                var floored = b < floor || c < floor ? Text($"; p95 under {floor * 1000:0.###} ms counts as {floor * 1000:0.###} ms") : "";
                reasons.Add(Text($"p95 latency {c * 1000:0.0} ms vs baseline {b * 1000:0.0} ms (ratio {ratio:0.00} > {thresholds.MaxP95LatencyRatio:0.00}{floored})"));
            }
        }

        double? psi = null;
        if (baseline.Predictions.Length >= thresholds.MinPredictions && canary.Predictions.Length >= thresholds.MinPredictions)
        {
            psi = PopulationStability.Index(baseline.Predictions, canary.Predictions);
            if (psi > thresholds.MaxPredictionPsi)
            {
                reasons.Add(Text($"prediction PSI {psi:0.00} > {thresholds.MaxPredictionPsi:0.00}"));
            }
        }

        return new AnalysisVerdict(
            reasons.Count == 0 ? AnalysisOutcome.Passed : AnalysisOutcome.Failed,
            reasons,
            figures with
            {
                BaselineErrorRate = baselineRate,
                CanaryErrorRate = canaryRate,
                ErrorRateDelta = delta,
                BaselineP95Ms = baselineP95 * 1000,
                CanaryP95Ms = canaryP95 * 1000,
                P95Ratio = ratio,
                Psi = psi,
            });
    }

    // Nearest rank: the smallest sample with at least 95% of samples at or below it, always a latency actually seen.
    private static double? P95(double[] latencies)
    {
        if (latencies.Length == 0)
        {
            return null;
        }

        var sorted = latencies.ToArray();
        Array.Sort(sorted);

        // Integer arithmetic for ⌈0.95·n⌉: 0.95 * n in floating point can land just above a whole number.
        var rank = (int)(((95L * sorted.Length) + 99) / 100);
        return sorted[rank - 1];
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
