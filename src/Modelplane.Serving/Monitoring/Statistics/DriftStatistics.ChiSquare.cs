using MathNet.Numerics;

namespace Modelplane.Serving.Monitoring.Statistics;

public static partial class DriftStatistics
{
    /// <summary>
    /// Pearson's chi-square test of independence on the 2 × k table [reference; live], without Yates' correction, as
    /// <c>scipy.stats.chi2_contingency([reference, live], correction=False)</c>.
    /// </summary>
    /// <param name="reference">Reference counts per category.</param>
    /// <param name="live">Live counts over the same categories.</param>
    /// <returns>
    /// The statistic and its p-value from the chi-square distribution with (k′ − 1) degrees of freedom, where k′ counts
    /// the categories seen on at least one side (categories empty on both sides are dropped, as SciPy cannot take a
    /// zero expected count). With a single category left there is nothing to test: (0, 1). Both NaN when either
    /// side is empty.
    /// </returns>
    public static (double Statistic, double PValue) ChiSquare(ReadOnlySpan<long> reference, ReadOnlySpan<long> live)
    {
        var (referenceTotal, liveTotal) = Totals(reference, live);
        if (referenceTotal == 0 || liveTotal == 0)
        {
            return (double.NaN, double.NaN);
        }

        var total = (double)referenceTotal + liveTotal;
        var statistic = 0.0;
        var categories = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            var column = (double)reference[i] + live[i];
            if (column == 0)
            {
                continue;
            }

            categories++;
            var expectedReference = referenceTotal * column / total;
            var expectedLive = liveTotal * column / total;
            statistic += Square(reference[i] - expectedReference) / expectedReference;
            statistic += Square(live[i] - expectedLive) / expectedLive;
        }

        var degreesOfFreedom = categories - 1;
        if (degreesOfFreedom == 0)
        {
            return (0, 1);
        }

        return (statistic, SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, statistic / 2));
    }

    private static double Square(double x) => x * x;
}
