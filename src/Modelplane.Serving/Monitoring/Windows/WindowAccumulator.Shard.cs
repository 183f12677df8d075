using Modelplane.Registry.Monitoring;

namespace Modelplane.Serving.Monitoring.Windows;

internal sealed partial class WindowAccumulator
{
    /// <summary>A copy of the window as counted so far, shaped like the reference profile.</summary>
    /// <remarks>Taken shard by shard under each shard's lock; a request counted at the same moment may be missed.</remarks>
    public DataProfile Snapshot()
    {
        var merged = new Shard(_plan);
        foreach (var shard in _shards)
        {
            lock (shard.Gate)
            {
                merged.Merge(shard);
            }
        }

        var reference = _plan.Reference.Profile;
        var values = _plan.Values;
        var profiles = new FeatureProfile[values.Length];
        for (var k = 0; k < values.Length; k++)
        {
            profiles[k] = merged.Profile(_plan, k);
        }

        return new DataProfile(merged.Rows, profiles[.._plan.FeatureCount], profiles[_plan.FeatureCount..])
        {
            Confidence = merged.Confidence?.ToSums(),
        };
    }

    /// <summary>One writer stripe of the window: plain arrays behind one lock.</summary>
    private sealed class Shard
    {
        public Shard(ProfilePlan plan)
        {
            var values = plan.Values.Length;
            Missing = new long[values];
            Present = new long[values];
            Sum = new double[values];
            SumOfSquares = new double[values];
            Min = new double[values];
            Max = new double[values];
            Array.Fill(Min, double.PositiveInfinity);
            Array.Fill(Max, double.NegativeInfinity);
            BinCounts = new long[plan.TotalBins];
            BinSums = new double[plan.TotalBins];
            Categories = new long[plan.TotalCategorySlots];
            Confidence = plan.Probability is { } source ? new ConfidenceAccumulator(source, plan.Calibration) : null;
        }

        public Lock Gate { get; } = new();

        public long[] Missing { get; }

        public long[] Present { get; }

        public double[] Sum { get; }

        public double[] SumOfSquares { get; }

        public double[] Min { get; }

        public double[] Max { get; }

        public long[] BinCounts { get; }

        public double[] BinSums { get; }

        public long[] Categories { get; }

        public long Rows { get; private set; }

        /// <summary>The calibrated confidence sums, for estimating quality without labels; null without a probability output.</summary>
        public ConfidenceAccumulator? Confidence { get; }

        public void AddRows(int rows) => Rows += rows;

        public void AddMoments(int k, long missing, long present, double sum, double squares, double min, double max)
        {
            Missing[k] += missing;
            Present[k] += present;
            Sum[k] += sum;
            SumOfSquares[k] += squares;
            Min[k] = Math.Min(Min[k], min);
            Max[k] = Math.Max(Max[k], max);
        }

        public void Merge(Shard other)
        {
            Rows += other.Rows;
            if (other.Confidence is { } confidence)
            {
                Confidence?.Add(confidence);
            }

            for (var k = 0; k < Missing.Length; k++)
            {
                Missing[k] += other.Missing[k];
                Present[k] += other.Present[k];
                Sum[k] += other.Sum[k];
                SumOfSquares[k] += other.SumOfSquares[k];
                Min[k] = Math.Min(Min[k], other.Min[k]);
                Max[k] = Math.Max(Max[k], other.Max[k]);
            }

            for (var i = 0; i < BinCounts.Length; i++)
            {
                BinCounts[i] += other.BinCounts[i];
                BinSums[i] += other.BinSums[i];
            }

            for (var i = 0; i < Categories.Length; i++)
            {
                Categories[i] += other.Categories[i];
            }
        }

        public FeatureProfile Profile(ProfilePlan plan, int k)
        {
            var value = plan.Values[k];
            var present = Present[k];
            var profile = new FeatureProfile(value.Slot.Name, value.Slot.Kind, present + Missing[k], Missing[k]);
            if (!value.IsNumeric)
            {
                var slots = Categories.AsSpan(plan.CategoryOffsets[k], value.CategorySlots);
                return profile with { Categorical = new CategoricalProfile(value.Categories, slots[..^1].ToArray(), slots[^1]) };
            }

            var mean = present == 0 ? 0 : Sum[k] / present;
            var variance = present == 0 ? 0 : Math.Max(0, (SumOfSquares[k] / present) - (mean * mean));
            return profile with
            {
                Numeric = new NumericProfile(
                    value.Edges,
                    BinCounts.AsSpan(plan.BinOffsets[k], value.Bins).ToArray(),
                    BinSums.AsSpan(plan.BinOffsets[k], value.Bins).ToArray(),
                    mean,
                    Math.Sqrt(variance),
                    present == 0 ? double.NaN : Min[k],
                    present == 0 ? double.NaN : Max[k]),
            };
        }
    }
}
