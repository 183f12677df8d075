namespace Modelplane.Serving.Monitoring.Statistics;

public static partial class DriftStatistics
{
    // Below this argument the alternating series needs many terms and cancels; the theta-function form converges in a
    // handful there (its term ratio at x = 1 is e^−π² ≈ 5e-5), and above it the alternating series does (e^−6 at x = 1).
    private const double KolmogorovSmallX = 1.0;

    /// <summary>
    /// The two-sample Kolmogorov–Smirnov test over binned data: the statistic is the largest gap between the two
    /// cumulative shares at a bin boundary, which equals <c>scipy.stats.ks_2samp</c> on the samples quantized to bin
    /// indices; the p-value is the asymptotic one, <c>kstwobign.sf(√en · D)</c> with en = n·m / (n + m).
    /// </summary>
    /// <param name="reference">Reference counts per bin.</param>
    /// <param name="live">Live counts over the same bins.</param>
    /// <returns>The statistic in [0, 1] and its p-value; both NaN when either side is empty.</returns>
    /// <remarks>Binning can only hide differences inside a bin, so the statistic is at most the unbinned one.</remarks>
    public static (double Statistic, double PValue) KolmogorovSmirnov(ReadOnlySpan<long> reference, ReadOnlySpan<long> live)
    {
        var (referenceTotal, liveTotal) = Totals(reference, live);
        if (referenceTotal == 0 || liveTotal == 0)
        {
            return (double.NaN, double.NaN);
        }

        long referenceCumulative = 0, liveCumulative = 0;
        var statistic = 0.0;
        for (var i = 0; i < reference.Length; i++)
        {
            referenceCumulative += reference[i];
            liveCumulative += live[i];
            var gap = Math.Abs((referenceCumulative / (double)referenceTotal) - (liveCumulative / (double)liveTotal));
            statistic = Math.Max(statistic, gap);
        }

        var effectiveN = referenceTotal * (double)liveTotal / (referenceTotal + (double)liveTotal);
        return (statistic, KolmogorovSurvival(Math.Sqrt(effectiveN) * statistic));
    }

    /// <summary>
    /// The survival function of the Kolmogorov distribution, P(K &gt; x) = 2 Σₖ₌₁ (−1)ᵏ⁻¹ e^(−2k²x²), as SciPy's
    /// <c>kstwobign.sf</c>, accurate to 1e-10 or better.
    /// </summary>
    /// <param name="x">The scaled statistic √en · D.</param>
    /// <returns>1 for x ≤ 0, falling to 0 as x grows; NaN for NaN.</returns>
    public static double KolmogorovSurvival(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x <= 0)
        {
            return 1;
        }

        if (x < KolmogorovSmallX)
        {
            // P(K ≤ x) = √(2π) / x · Σₖ₌₁ e^(−(2k−1)²π² / (8x²)); for tiny x every term underflows and the CDF is 0.
            var w = Math.PI * Math.PI / (8 * x * x);
            var sum = 0.0;
            for (var k = 1; k < 100; k++)
            {
                var odd = (2 * k) - 1;
                var term = Math.Exp(-odd * odd * w);
                sum += term;
                if (term <= 1e-17 * sum || term == 0)
                {
                    break;
                }
            }

            return 1 - (Math.Sqrt(2 * Math.PI) / x * sum);
        }

        var series = 0.0;
        for (var k = 1; k < 100; k++)
        {
            var term = Math.Exp(-2.0 * k * k * x * x);
            series += (k % 2 == 1) ? term : -term;
            if (term < 1e-18)
            {
                break;
            }
        }

        return Math.Clamp(2 * series, 0, 1);
    }
}
