using Modelplane.Client.Contracts;
using Modelplane.Registry.InferenceLog;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Replay;

/// <summary>Adds up what a replay found, record by record, and picks the records that differ most.</summary>
internal sealed class ReplayTally(int top)
{
    private readonly SortedDictionary<string, int> _skipped = new(StringComparer.Ordinal);
    private readonly List<Row> _rows = [];
    private long _labels;
    private long _labelMatches;
    private long _scores;
    private double _scoreDifference;
    private double _maxScoreDifference;

    public int Replayed => _rows.Count;

    public int Failed { get; private set; }

    public int Skipped { get; private set; }

    public string? FirstError { get; private set; }

    public void Skip(string reason)
    {
        Skipped++;
        _skipped[reason] = _skipped.GetValueOrDefault(reason) + 1;
    }

    public void Fail(string message)
    {
        Failed++;
        FirstError ??= message;
    }

    /// <summary>Compares the target's answer with the logged one through the comparison shadows use.</summary>
    public void Add(InferenceLogRecord record, Prediction logged, Prediction replayed)
    {
        var difference = PredictionComparison.Compare(logged.Labels, logged.Scores, replayed.Labels, replayed.Scores);
        _labels += difference.Labels;
        _labelMatches += difference.LabelMatches;
        _scores += difference.Scores;
        _scoreDifference += difference.TotalAbsoluteDifference;
        _maxScoreDifference = Math.Max(_maxScoreDifference, difference.MaxAbsoluteDifference);
        _rows.Add(new Row(record, logged, replayed, difference));
    }

    /// <summary>The report: the figures so far and the <c>top</c> records that differ most.</summary>
    public ReplayReportDto ToDto(string endpoint, string to, int read) => new(endpoint, to, read, Replayed, Failed, Skipped)
    {
        FirstError = FirstError,
        SkippedBy = [.. _skipped.Select(p => new ReplaySkipDto(p.Key, p.Value))],
        LabelAgreement = _labels == 0 ? null : (double)_labelMatches / _labels,
        MeanAbsoluteScoreDifference = _scores == 0 ? null : _scoreDifference / _scores,
        MaxAbsoluteScoreDifference = _scores == 0 ? null : _maxScoreDifference,

        // A changed class matters more than any score change; then the larger mean difference; then the newer record.
        Top = [.. _rows
            .OrderByDescending(r => r.Difference.LabelMatches < r.Difference.Labels)
            .ThenByDescending(r => r.Score)
            .ThenByDescending(r => r.Record.At)
            .Take(top)
            .Select(r => r.ToDto())],
    };

    private sealed record Row(InferenceLogRecord Record, Prediction Logged, Prediction Replayed, PredictionDifference Difference)
    {
        // The mean score difference; for an answer without scores, the share of labels that changed.
        public double Score => Difference.MeanAbsoluteDifference
            ?? (Difference.Labels == 0 ? 0 : (double)(Difference.Labels - Difference.LabelMatches) / Difference.Labels);

        public ReplayRowDto ToDto() => new(
            Record.RequestId, Record.At, $"{Record.Model}@{Record.Version}", Logged.Summary(), Replayed.Summary(), Score,
            Difference.Labels == 0 ? null : Difference.LabelMatches == Difference.Labels);
    }
}
