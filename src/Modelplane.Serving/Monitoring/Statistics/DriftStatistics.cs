namespace Modelplane.Serving.Monitoring.Statistics;

/// <summary>
/// Two-sample drift statistics over binned data: a reference and a live window counted over the same bins (a numeric
/// feature's histogram bins, or a categorical feature's categories plus "other"). Each agrees with SciPy on the samples
/// quantized to bin indices; the test suite checks that against SciPy itself.
/// </summary>
/// <remarks>
/// Every function takes two count spans of equal length (an <see cref="ArgumentException"/> otherwise) and returns NaN
/// when either side has no counts at all: with nothing seen there is no distribution to compare. Nothing allocates
/// except <see cref="Wasserstein"/> on more than 256 non-empty bins.
/// </remarks>
public static partial class DriftStatistics
{
    /// <summary>The share added to both sides of a bin that is empty on either side, so PSI stays finite.</summary>
    /// <value>1e-4: one empty bin out of ten adds about 0.1·ln(0.1 / 1e-4) ≈ 0.69, a clear alert but not infinity.</value>
    public const double PsiEpsilon = 1e-4;

    /// <summary>
    /// The Population Stability Index Σ (qᵢ − pᵢ)·ln(qᵢ / pᵢ), with pᵢ the reference's share of bin i and qᵢ the live
    /// window's; a bin empty on either side gets <see cref="PsiEpsilon"/> added to both its shares first.
    /// </summary>
    /// <param name="reference">Reference counts per bin.</param>
    /// <param name="live">Live counts over the same bins.</param>
    /// <returns>0 for identical shares, growing without bound; NaN when either side is empty.</returns>
    public static double Psi(ReadOnlySpan<long> reference, ReadOnlySpan<long> live)
    {
        var (referenceTotal, liveTotal) = Totals(reference, live);
        if (referenceTotal == 0 || liveTotal == 0)
        {
            return double.NaN;
        }

        var psi = 0.0;
        for (var i = 0; i < reference.Length; i++)
        {
            var p = reference[i] / (double)referenceTotal;
            var q = live[i] / (double)liveTotal;
            if (p == 0 || q == 0)
            {
                p += PsiEpsilon;
                q += PsiEpsilon;
            }

            psi += (q - p) * Math.Log(q / p);
        }

        return psi;
    }

    /// <summary>
    /// The Jensen–Shannon distance in base 2: √(½·KL(p‖m) + ½·KL(q‖m)) / √ln 2 with m = (p + q) / 2, as
    /// <c>scipy.spatial.distance.jensenshannon(p, q, base=2)</c>.
    /// </summary>
    /// <param name="reference">Reference counts per bin.</param>
    /// <param name="live">Live counts over the same bins.</param>
    /// <returns>0 for identical shares, 1 for disjoint ones; NaN when either side is empty.</returns>
    public static double JensenShannon(ReadOnlySpan<long> reference, ReadOnlySpan<long> live)
    {
        var (referenceTotal, liveTotal) = Totals(reference, live);
        if (referenceTotal == 0 || liveTotal == 0)
        {
            return double.NaN;
        }

        var divergence = 0.0;
        for (var i = 0; i < reference.Length; i++)
        {
            var p = reference[i] / (double)referenceTotal;
            var q = live[i] / (double)liveTotal;
            var m = (p + q) / 2;
            if (p > 0)
            {
                divergence += p * Math.Log(p / m);
            }

            if (q > 0)
            {
                divergence += q * Math.Log(q / m);
            }
        }

        // Rounding can leave a hair below zero for identical shares; the distance is then 0.
        return Math.Sqrt(Math.Max(divergence / Math.Log(2) / 2, 0));
    }

    private static (long Reference, long Live) Totals(ReadOnlySpan<long> reference, ReadOnlySpan<long> live)
    {
        if (reference.Length != live.Length)
        {
            throw new ArgumentException(
                $"The reference has {reference.Length} bins and the live window {live.Length}; they must line up bin for bin.", nameof(live));
        }

        return (Total(reference, nameof(reference)), Total(live, nameof(live)));
    }

    private static long Total(ReadOnlySpan<long> counts, string name)
    {
        var total = 0L;
        foreach (var count in counts)
        {
            if (count < 0)
            {
                throw new ArgumentException($"The {name} counts hold a negative count ({count}).", name);
            }

            total += count;
        }

        return total;
    }
}
