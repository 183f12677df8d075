using Modelplane.Registry.Monitoring;

namespace Modelplane.Serving.Monitoring.Profiles;

/// <summary>The reference profile of one numeric column: decile edges, the histogram over them, moments and quantiles.</summary>
internal static class NumericSummary
{
    /// <summary>Inner histogram edges are the reference's 10 %, 20 %, …, 90 % quantiles.</summary>
    private const int Deciles = 10;

    /// <summary>The quantile sketch has the 0 %, 1 %, …, 100 % quantiles.</summary>
    private const int Percentiles = 100;

    /// <summary>Profiles <paramref name="values"/> (NaN is missing).</summary>
    public static FeatureProfile Profile(string name, IReadOnlyList<double> values)
    {
        var present = values.Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(present);
        var edges = Edges(present);
        var counts = new long[edges.Length + 1];
        var sums = new double[edges.Length + 1];
        double sum = 0;
        foreach (var v in present)
        {
            var bin = Bin(edges, v);
            counts[bin]++;
            sums[bin] += v;
            sum += v;
        }

        var mean = present.Length == 0 ? 0 : sum / present.Length;
        double squares = 0;
        foreach (var v in present)
        {
            squares += (v - mean) * (v - mean);
        }

        var numeric = new NumericProfile(
            edges, counts, sums, mean, present.Length == 0 ? 0 : Math.Sqrt(squares / present.Length),
            present.Length == 0 ? double.NaN : present[0], present.Length == 0 ? double.NaN : present[^1])
        {
            Quantiles = present.Length == 0 ? [] : [.. Enumerable.Range(0, Percentiles + 1).Select(k => Quantile(present, (double)k / Percentiles))],
        };
        return new FeatureProfile(name, FeatureKind.Numeric, values.Count, values.Count - present.Length) { Numeric = numeric };
    }

    /// <summary>The deciles of sorted <paramref name="sorted"/> with duplicates dropped (strictly increasing); none when empty.</summary>
    public static double[] Edges(double[] sorted)
    {
        if (sorted.Length == 0)
        {
            return [];
        }

        var edges = new List<double>(Deciles - 1);
        for (var k = 1; k < Deciles; k++)
        {
            var q = Quantile(sorted, (double)k / Deciles);
            if (edges.Count == 0 || q > edges[^1])
            {
                edges.Add(q);
            }
        }

        return [.. edges];
    }

    /// <summary>The bin of <paramref name="value"/>: how many edges are at or below it (NumPy <c>searchsorted(side="right")</c>).</summary>
    public static int Bin(IReadOnlyList<double> edges, double value)
    {
        int low = 0, high = edges.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (edges[mid] <= value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>
    /// The <paramref name="q"/> quantile of sorted values as NumPy's default (<c>method="linear"</c>) computes it: index
    /// (n − 1)·q, then its lerp, which interpolates from the upper neighbour when the fraction is at least ½.
    /// </summary>
    public static double Quantile(double[] sorted, double q)
    {
        var index = (sorted.Length - 1) * q;
        var below = (int)Math.Floor(index);
        var above = Math.Min(below + 1, sorted.Length - 1);
        var t = index - below;
        double a = sorted[below], b = sorted[above];
        var difference = b - a;
        return t >= 0.5 ? b - (difference * (1 - t)) : a + (difference * t);
    }
}
