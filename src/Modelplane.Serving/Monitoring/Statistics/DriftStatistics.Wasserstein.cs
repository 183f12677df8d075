using System.Buffers;

namespace Modelplane.Serving.Monitoring.Statistics;

public static partial class DriftStatistics
{
    // Points (non-empty bins of both sides together) held on the stack; more are rented from the shared pool.
    private const int StackPoints = 256;

    /// <summary>
    /// The Wasserstein-1 (earth mover's) distance between two weighted point sets: each side's bin i puts mass
    /// <c>counts[i]</c> at <c>means[i]</c> (the bin's Sums / Counts), as
    /// <c>scipy.stats.wasserstein_distance(u_values, v_values, u_weights, v_weights)</c>.
    /// </summary>
    /// <param name="referenceMeans">The mean of the reference values in each bin; ignored where the count is 0.</param>
    /// <param name="referenceCounts">Reference counts per bin.</param>
    /// <param name="liveMeans">The mean of the live values in each bin; ignored where the count is 0.</param>
    /// <param name="liveCounts">Live counts per bin.</param>
    /// <returns>The distance in the feature's own units (0 when the mass sits at the same places); NaN when either
    /// side is empty. Dividing by the reference's standard deviation, to compare features, is the caller's choice.</returns>
    /// <remarks>The two sides need not have the same bins, only each its means and counts aligned; the means need
    /// not be sorted.</remarks>
    public static double Wasserstein(
        ReadOnlySpan<double> referenceMeans, ReadOnlySpan<long> referenceCounts, ReadOnlySpan<double> liveMeans, ReadOnlySpan<long> liveCounts)
    {
        if (referenceMeans.Length != referenceCounts.Length || liveMeans.Length != liveCounts.Length)
        {
            throw new ArgumentException("Each side needs one mean per count.", nameof(referenceMeans));
        }

        var referenceTotal = Total(referenceCounts, nameof(referenceCounts));
        var liveTotal = Total(liveCounts, nameof(liveCounts));
        if (referenceTotal == 0 || liveTotal == 0)
        {
            return double.NaN;
        }

        var points = NonEmpty(referenceCounts) + NonEmpty(liveCounts);
        double[]? rentedValues = null, rentedWeights = null;
        var values = points <= StackPoints ? stackalloc double[points] : (rentedValues = ArrayPool<double>.Shared.Rent(points)).AsSpan(0, points);
        var weights = points <= StackPoints ? stackalloc double[points] : (rentedWeights = ArrayPool<double>.Shared.Rent(points)).AsSpan(0, points);
        try
        {
            // Reference mass counts up and live mass down, so the running sum of weights in value order is U(x) − V(x).
            var n = Place(referenceMeans, referenceCounts, 1.0 / referenceTotal, values, weights, 0);
            Place(liveMeans, liveCounts, -1.0 / liveTotal, values, weights, n);
            values.Sort(weights);

            var gap = 0.0;
            var distance = 0.0;
            for (var j = 0; j < points - 1; j++)
            {
                gap += weights[j];
                distance += Math.Abs(gap) * (values[j + 1] - values[j]);
            }

            return distance;
        }
        finally
        {
            if (rentedValues is not null)
            {
                ArrayPool<double>.Shared.Return(rentedValues);
                ArrayPool<double>.Shared.Return(rentedWeights!);
            }
        }
    }

    private static int NonEmpty(ReadOnlySpan<long> counts)
    {
        var n = 0;
        foreach (var count in counts)
        {
            n += count > 0 ? 1 : 0;
        }

        return n;
    }

    private static int Place(ReadOnlySpan<double> means, ReadOnlySpan<long> counts, double scale, Span<double> values, Span<double> weights, int at)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0)
            {
                values[at] = means[i];
                weights[at] = counts[i] * scale;
                at++;
            }
        }

        return at;
    }
}
