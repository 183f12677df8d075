namespace Modelplane.Serving.Routing;

/// <summary>
/// How two answers to the same input differ: class labels compared element by element, scores by absolute difference.
/// Shadows (<see cref="ShadowAgreement"/>) and offline replays compare with it, so both report agreement the same way.
/// </summary>
public static class PredictionComparison
{
    /// <summary>Compares the labels and scores of answer <c>a</c> with those of answer <c>b</c>, up to the shorter of each pair.</summary>
    /// <param name="labelsA">The first answer's class labels, or null when it has none.</param>
    /// <param name="scoresA">The first answer's scores, or null when it has none.</param>
    /// <param name="labelsB">The second answer's class labels, or null when it has none.</param>
    /// <param name="scoresB">The second answer's scores, or null when it has none.</param>
    public static PredictionDifference Compare(
        IReadOnlyList<string>? labelsA, IReadOnlyList<double>? scoresA, IReadOnlyList<string>? labelsB, IReadOnlyList<double>? scoresB)
    {
        int labels = 0, matches = 0, scores = 0;
        double total = 0, max = 0;
        if (labelsA is not null && labelsB is not null)
        {
            labels = Math.Min(labelsA.Count, labelsB.Count);
            for (var i = 0; i < labels; i++)
            {
                matches += string.Equals(labelsA[i], labelsB[i], StringComparison.Ordinal) ? 1 : 0;
            }
        }

        if (scoresA is not null && scoresB is not null)
        {
            scores = Math.Min(scoresA.Count, scoresB.Count);
            for (var i = 0; i < scores; i++)
            {
                var difference = Math.Abs(scoresA[i] - scoresB[i]);
                total += difference;
                max = Math.Max(max, difference);
            }
        }

        return new PredictionDifference(labels, matches, scores, total, max);
    }
}

/// <summary>What <see cref="PredictionComparison.Compare"/> found for one pair of answers.</summary>
/// <param name="Labels">Labels compared.</param>
/// <param name="LabelMatches">Labels that were equal.</param>
/// <param name="Scores">Scores compared.</param>
/// <param name="TotalAbsoluteDifference">The sum of the absolute score differences.</param>
/// <param name="MaxAbsoluteDifference">The largest absolute score difference; 0 without scores.</param>
public readonly record struct PredictionDifference(int Labels, int LabelMatches, int Scores, double TotalAbsoluteDifference, double MaxAbsoluteDifference)
{
    /// <summary>The mean absolute score difference; null when no scores were compared.</summary>
    public double? MeanAbsoluteDifference => Scores == 0 ? null : TotalAbsoluteDifference / Scores;
}
