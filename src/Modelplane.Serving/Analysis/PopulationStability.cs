namespace Modelplane.Serving.Analysis;

/// <summary>
/// The Population Stability Index: how far a candidate distribution has moved from a baseline, as
/// Σ (cᵢ − bᵢ)·ln(cᵢ / bᵢ) over bins. Below 0.1 is usually read as no shift, 0.1–0.2 as moderate, above 0.2 as major.
/// </summary>
public static class PopulationStability
{
    /// <summary>Up to this many distinct values across both samples are treated as categories (class labels).</summary>
    public const int MaxCategories = 20;

    /// <summary>The proportion given to an empty bin, so one empty bin yields a large but finite index.</summary>
    public const double FloorProportion = 1e-4;

    /// <summary>The index of <paramref name="candidate"/> against <paramref name="baseline"/>.</summary>
    /// <param name="baseline">The reference values; must be non-empty and hold no NaN.</param>
    /// <param name="candidate">The values compared with it; must be non-empty and hold no NaN.</param>
    /// <param name="bins">For continuous values, the number of baseline quantile bins (10: deciles). Edges that
    /// coincide (heavily tied values) are merged, so there may be fewer bins.</param>
    /// <remarks>
    /// When both samples together hold at most <see cref="MaxCategories"/> distinct values, each value is its own bin,
    /// so class labels are compared label by label. Otherwise bins are cut at the baseline's quantiles; values below
    /// the first edge fall in the first bin and values above the last edge in the last.
    /// </remarks>
    public static double Index(ReadOnlySpan<double> baseline, ReadOnlySpan<double> candidate, int bins = 10)
    {
        var sortedBaseline = Sorted(baseline, nameof(baseline));
        var sortedCandidate = Sorted(candidate, nameof(candidate));
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);

        // Categories k₀ < k₁ < … become edges k₁ … so that "the number of edges at or below a value" maps kⱼ to bin j:
        // one binning rule serves labels and quantiles alike.
        var edges = Categories(sortedBaseline, sortedCandidate) is { } categories
            ? categories[1..]
            : QuantileEdges(sortedBaseline, bins);
        var b = Proportions(sortedBaseline, edges);
        var c = Proportions(sortedCandidate, edges);
        var index = 0.0;
        for (var i = 0; i < b.Length; i++)
        {
            index += (c[i] - b[i]) * Math.Log(c[i] / b[i]);
        }

        return index;
    }

    private static double[] Sorted(ReadOnlySpan<double> values, string name)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException($"The {name} sample is empty; the index needs values on both sides.", name);
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);

        // Array.Sort puts NaN first, and NaN has no bin: it equals nothing and compares with nothing.
        if (double.IsNaN(sorted[0]))
        {
            throw new ArgumentException($"The {name} sample holds NaN.", name);
        }

        return sorted;
    }

    private static double[]? Categories(double[] a, double[] b)
    {
        var found = new List<double>(MaxCategories);
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var value = j == b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            if (found.Count == MaxCategories)
            {
                return null;
            }

            found.Add(value);
            while (i < a.Length && a[i] == value)
            {
                i++;
            }

            while (j < b.Length && b[j] == value)
            {
                j++;
            }
        }

        return [.. found];
    }

    // Linear interpolation between order statistics (numpy's default), so edges split tied-free data evenly.
    private static double[] QuantileEdges(double[] sorted, int bins)
    {
        var edges = new List<double>(bins - 1);
        for (var k = 1; k < bins; k++)
        {
            var position = (sorted.Length - 1) * (double)k / bins;
            var lower = (int)position;
            var upper = Math.Min(lower + 1, sorted.Length - 1);
            var edge = sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        return [.. edges];
    }

    private static double[] Proportions(double[] sorted, double[] edges)
    {
        var proportions = new double[edges.Length + 1];
        var bin = 0;
        foreach (var value in sorted)
        {
            while (bin < edges.Length && value >= edges[bin])
            {
                bin++;
            }

            proportions[bin]++;
        }

        for (var i = 0; i < proportions.Length; i++)
        {
            proportions[i] = Math.Max(proportions[i] / sorted.Length, FloorProportion);
        }

        return proportions;
    }
}
