namespace Modelplane.Serving.Monitoring.Statistics;

/// <summary>
/// Realised model quality over a window of labeled predictions: row i of every span is one prediction and the label
/// that arrived for it. Spans must have equal lengths (an optional probability span may be empty instead).
/// </summary>
public static partial class QualityMetrics
{
    /// <summary>Probabilities are clipped to [ε, 1 − ε] before the log, as scikit-learn's <c>log_loss</c> does.</summary>
    public const double LogLossEpsilon = 1e-15;

    /// <summary>A binary classifier's quality, with <paramref name="positiveClass"/> as the positive class.</summary>
    /// <typeparam name="TLabel">The class label's type (an index, a string, a boolean).</typeparam>
    /// <param name="predicted">The predicted class per row.</param>
    /// <param name="actual">The true class per row.</param>
    /// <param name="positiveClass">The class that precision, recall, F1 and the probabilities are about.</param>
    /// <param name="positiveProbability">The predicted probability of the positive class per row, or empty when the
    /// model gives none (ROC AUC and log loss are then NaN).</param>
    /// <remarks>Any label other than <paramref name="positiveClass"/> counts as negative.</remarks>
    public static ClassificationMetrics Binary<TLabel>(
        ReadOnlySpan<TLabel> predicted, ReadOnlySpan<TLabel> actual, TLabel positiveClass, ReadOnlySpan<double> positiveProbability = default)
    {
        CheckLengths(predicted.Length, actual.Length, positiveProbability.Length);
        var comparer = EqualityComparer<TLabel>.Default;
        long correct = 0, truePositives = 0, falsePositives = 0, falseNegatives = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var predictedPositive = comparer.Equals(predicted[i], positiveClass);
            var actualPositive = comparer.Equals(actual[i], positiveClass);
            correct += comparer.Equals(predicted[i], actual[i]) ? 1 : 0;
            truePositives += predictedPositive && actualPositive ? 1 : 0;
            falsePositives += predictedPositive && !actualPositive ? 1 : 0;
            falseNegatives += !predictedPositive && actualPositive ? 1 : 0;
        }

        double rocAuc = double.NaN, logLoss = double.NaN;
        if (!positiveProbability.IsEmpty && !actual.IsEmpty)
        {
            var positive = new bool[actual.Length];
            var loss = 0.0;
            for (var i = 0; i < actual.Length; i++)
            {
                positive[i] = comparer.Equals(actual[i], positiveClass);
                var p = Math.Clamp(positiveProbability[i], LogLossEpsilon, 1 - LogLossEpsilon);
                loss -= Math.Log(positive[i] ? p : 1 - p);
            }

            rocAuc = RocAuc(positiveProbability, positive);
            logLoss = loss / actual.Length;
        }

        return new ClassificationMetrics(
            actual.Length,
            Ratio(correct, actual.Length),
            Ratio(truePositives, truePositives + falsePositives),
            Ratio(truePositives, truePositives + falseNegatives),
            Ratio(2 * truePositives, (2 * truePositives) + falsePositives + falseNegatives),
            rocAuc,
            logLoss);
    }

    /// <summary>A multi-class classifier's quality, precision, recall and F1 macro-averaged.</summary>
    /// <typeparam name="TLabel">The class label's type.</typeparam>
    /// <param name="predicted">The predicted class per row.</param>
    /// <param name="actual">The true class per row.</param>
    /// <param name="actualClassProbability">The predicted probability of each row's true class (for log loss), or empty.</param>
    /// <remarks>
    /// Macro average, as scikit-learn's <c>average="macro"</c>: the unweighted mean over every class that occurs among
    /// the labels or the predictions, so rare classes weigh as much as common ones. A class never predicted has
    /// precision 0 in that mean, a class never labeled recall 0 (scikit-learn's <c>zero_division=0</c>): a model that
    /// ignores a class is pulled down rather than excused. ROC AUC is NaN (one-vs-rest needs every class's probability).
    /// </remarks>
    public static ClassificationMetrics Multiclass<TLabel>(
        ReadOnlySpan<TLabel> predicted, ReadOnlySpan<TLabel> actual, ReadOnlySpan<double> actualClassProbability = default)
        where TLabel : notnull
    {
        CheckLengths(predicted.Length, actual.Length, actualClassProbability.Length);
        var classes = new Dictionary<TLabel, (long TruePositives, long Predicted, long Actual)>();
        long correct = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var hit = EqualityComparer<TLabel>.Default.Equals(predicted[i], actual[i]);
            correct += hit ? 1 : 0;
            var p = classes.GetValueOrDefault(predicted[i]);
            classes[predicted[i]] = (p.TruePositives + (hit ? 1 : 0), p.Predicted + 1, p.Actual);
            var a = classes.GetValueOrDefault(actual[i]);
            classes[actual[i]] = (a.TruePositives, a.Predicted, a.Actual + 1);
        }

        double precision = 0, recall = 0, f1 = 0;
        foreach (var (truePositives, predictedCount, actualCount) in classes.Values)
        {
            precision += predictedCount == 0 ? 0 : truePositives / (double)predictedCount;
            recall += actualCount == 0 ? 0 : truePositives / (double)actualCount;
            f1 += 2.0 * truePositives / (predictedCount + actualCount);
        }

        var logLoss = double.NaN;
        if (!actualClassProbability.IsEmpty && !actual.IsEmpty)
        {
            logLoss = 0;
            foreach (var p in actualClassProbability)
            {
                logLoss -= Math.Log(Math.Clamp(p, LogLossEpsilon, 1 - LogLossEpsilon));
            }

            logLoss /= actual.Length;
        }

        var n = classes.Count;
        return new ClassificationMetrics(
            actual.Length, Ratio(correct, actual.Length), Ratio(precision, n), Ratio(recall, n), Ratio(f1, n), double.NaN, logLoss);
    }

    private static double Ratio(double numerator, double denominator) => denominator == 0 ? double.NaN : numerator / denominator;

    private static void CheckLengths(int predicted, int actual, int probabilities)
    {
        if (predicted != actual || (probabilities != 0 && probabilities != actual))
        {
            throw new ArgumentException(
                $"Predictions ({predicted}), labels ({actual}) and probabilities ({probabilities}) must have one entry per row.", nameof(actual));
        }
    }
}
