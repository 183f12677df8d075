using Modelplane.Registry.Monitoring;

namespace Modelplane.Serving.Monitoring;

/// <summary>
/// Adds up <see cref="ConfidenceSums"/> row by row from a model's class probabilities, calibrated when a calibration is
/// given (else the raw probabilities, clamped to [0, 1]). Binary: a row is predicted positive when its raw P(positive)
/// is at least ½. Multi-class: the confidence is the top probability. Rows with a non-finite probability are skipped.
/// </summary>
/// <remarks>Not thread-safe; allocates nothing per row, so a live window can use one per window.</remarks>
public sealed class ConfidenceAccumulator(ProbabilitySource source, Calibration? calibration)
{
    private long _rows;
    private double _correct;
    private double _truePositives;
    private double _falsePositives;
    private double _falseNegatives;

    /// <summary>Adds one row: the <see cref="ProbabilitySource.Width"/> probabilities of the probability output.</summary>
    public void Add(ReadOnlySpan<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Binary)
        {
            AddBinary(probabilities[0]);
            return;
        }

        var top = double.NegativeInfinity;
        foreach (var p in probabilities)
        {
            if (!double.IsFinite(p))
            {
                return;
            }

            top = Math.Max(top, p);
        }

        if (double.IsFinite(top))
        {
            _rows++;
            _correct += Calibrated(top);
        }
    }

    /// <summary>Adds one binary row by its raw P(positive class).</summary>
    public void AddBinary(double raw)
    {
        if (!double.IsFinite(raw))
        {
            return;
        }

        var p = Calibrated(raw);
        _rows++;
        if (raw >= 0.5)
        {
            _correct += p;
            _truePositives += p;
            _falsePositives += 1 - p;
        }
        else
        {
            _correct += 1 - p;
            _falseNegatives += p;
        }
    }

    /// <summary>Adds what <paramref name="other"/> summed (another shard of the same window).</summary>
    public void Add(ConfidenceAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _rows += other._rows;
        _correct += other._correct;
        _truePositives += other._truePositives;
        _falsePositives += other._falsePositives;
        _falseNegatives += other._falseNegatives;
    }

    /// <summary>The sums so far.</summary>
    public ConfidenceSums ToSums() => new(_rows, _correct, _truePositives, _falsePositives, _falseNegatives);

    private double Calibrated(double raw) => calibration?.Apply(raw) ?? Math.Clamp(raw, 0, 1);
}
