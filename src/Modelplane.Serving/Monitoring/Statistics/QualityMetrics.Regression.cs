namespace Modelplane.Serving.Monitoring.Statistics;

public static partial class QualityMetrics
{
    /// <summary>A regressor's quality: MAE, RMSE and R².</summary>
    /// <param name="predicted">The predicted value per row.</param>
    /// <param name="actual">The true value per row.</param>
    public static RegressionMetrics Regression(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
    {
        CheckLengths(predicted.Length, actual.Length, 0);
        var n = actual.Length;
        double absolute = 0, squared = 0, sum = 0;
        for (var i = 0; i < n; i++)
        {
            var error = predicted[i] - actual[i];
            absolute += Math.Abs(error);
            squared += error * error;
            sum += actual[i];
        }

        var mean = sum / n;
        var total = 0.0;
        foreach (var y in actual)
        {
            total += (y - mean) * (y - mean);
        }

        var rSquared = n < 2 || total == 0 ? double.NaN : 1 - (squared / total);
        return new RegressionMetrics(n, Ratio(absolute, n), Math.Sqrt(Ratio(squared, n)), rSquared);
    }

    /// <summary>
    /// The area under the ROC curve as the Mann–Whitney statistic: the chance that a random positive scores above a
    /// random negative, ties counting one half (average ranks), which equals the trapezoidal area scikit-learn computes.
    /// </summary>
    private static double RocAuc(ReadOnlySpan<double> scores, bool[] positive)
    {
        var sorted = scores.ToArray();
        Array.Sort(sorted, positive);
        long positives = 0;
        var positiveRanks = 0.0;
        for (var start = 0; start < sorted.Length;)
        {
            var end = start;
            var tiedPositives = 0;
            while (end < sorted.Length && sorted[end] == sorted[start])
            {
                tiedPositives += positive[end] ? 1 : 0;
                end++;
            }

            // Ranks start + 1 … end share their average.
            positiveRanks += tiedPositives * ((start + 1 + end) / 2.0);
            positives += tiedPositives;
            start = end;
        }

        var negatives = sorted.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        return (positiveRanks - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }
}
