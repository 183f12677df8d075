using System.Runtime.InteropServices;
using Modelplane.Registry.Monitoring;

namespace Modelplane.Serving.Monitoring.Statistics;

public static partial class DriftCalculator
{
    // Bins (deciles give 11, categories at most 51) held on the stack; a histogram with more gets arrays.
    private const int StackBins = 128;

    private static FeatureDrift Measure(FeatureProfile reference, FeatureProfile live, bool isOutput)
    {
        var drift = reference.Kind == FeatureKind.Numeric
            ? MeasureNumeric(reference, reference.Numeric!, live.Numeric!, isOutput)
            : MeasureCategorical(reference, reference.Categorical!, live.Categorical!, isOutput);
        return drift with { ReferenceMissingRate = reference.MissingRate, LiveMissingRate = live.MissingRate };
    }

    private static FeatureDrift MeasureNumeric(FeatureProfile feature, NumericProfile reference, NumericProfile live, bool isOutput)
    {
        var bins = reference.Counts.Count;
        var referenceCounts = Counts(reference.Counts, bins <= StackBins ? stackalloc long[bins] : new long[bins]);
        var liveCounts = Counts(live.Counts, bins <= StackBins ? stackalloc long[bins] : new long[bins]);
        var referenceMeans = Means(reference, bins <= StackBins ? stackalloc double[bins] : new double[bins]);
        var liveMeans = Means(live, bins <= StackBins ? stackalloc double[bins] : new double[bins]);

        var (ks, ksPValue) = DriftStatistics.KolmogorovSmirnov(referenceCounts, liveCounts);
        var wasserstein = DriftStatistics.Wasserstein(referenceMeans, referenceCounts, liveMeans, liveCounts);
        return new FeatureDrift(feature.Name, FeatureKind.Numeric, isOutput, DriftVerdict.Stable, null)
        {
            Psi = Defined(DriftStatistics.Psi(referenceCounts, liveCounts)),
            KsStatistic = Defined(ks),
            KsPValue = Defined(ksPValue),
            Wasserstein = Defined(wasserstein / (reference.StdDev > 0 ? reference.StdDev : 1)),
            JensenShannon = Defined(DriftStatistics.JensenShannon(referenceCounts, liveCounts)),
        };
    }

    private static FeatureDrift MeasureCategorical(FeatureProfile feature, CategoricalProfile reference, CategoricalProfile live, bool isOutput)
    {
        // "Other" is one more category, so a window full of categories the reference never saw registers as drift.
        var bins = reference.Counts.Count + 1;
        var referenceCounts = Counts(reference.Counts, bins <= StackBins ? stackalloc long[bins] : new long[bins]);
        var liveCounts = Counts(live.Counts, bins <= StackBins ? stackalloc long[bins] : new long[bins]);
        referenceCounts[^1] = reference.Other;
        liveCounts[^1] = live.Other;

        var (chiSquare, chiSquarePValue) = DriftStatistics.ChiSquare(referenceCounts, liveCounts);
        return new FeatureDrift(feature.Name, FeatureKind.Categorical, isOutput, DriftVerdict.Stable, null)
        {
            Psi = Defined(DriftStatistics.Psi(referenceCounts, liveCounts)),
            JensenShannon = Defined(DriftStatistics.JensenShannon(referenceCounts, liveCounts)),
            ChiSquare = Defined(chiSquare),
            ChiSquarePValue = Defined(chiSquarePValue),
        };
    }

    // A report is serialized as JSON, which has no NaN: an undefined statistic is absent instead.
    private static double? Defined(double value) => double.IsFinite(value) ? value : null;

    private static Span<long> Counts(IReadOnlyList<long> counts, Span<long> buffer)
    {
        switch (counts)
        {
            case long[] array:
                array.CopyTo(buffer);
                break;
            case List<long> list:
                CollectionsMarshal.AsSpan(list).CopyTo(buffer);
                break;
            default:
                for (var i = 0; i < counts.Count; i++)
                {
                    buffer[i] = counts[i];
                }

                break;
        }

        return buffer;
    }

    private static Span<double> Means(NumericProfile profile, Span<double> buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            var count = profile.Counts[i];
            buffer[i] = count > 0 ? profile.Sums[i] / count : 0;
        }

        return buffer;
    }
}
