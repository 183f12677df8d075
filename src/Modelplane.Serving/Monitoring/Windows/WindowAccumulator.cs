using System.Runtime.InteropServices;
using Modelplane.Registry.Models;
using Modelplane.Registry.Monitoring;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Monitoring.Windows;

/// <summary>
/// The open window of one version on one endpoint: histogram, moments and category counts of every feature and
/// output, counted straight from the request and response buffers.
/// </summary>
/// <remarks>
/// Written on the inference hot path: no allocation, O(rows × features), and no lock held across anything but the
/// counting. Writers spread over a few shards by thread, so concurrent requests rarely wait on one another; a
/// snapshot merges the shards.
/// </remarks>
internal sealed partial class WindowAccumulator
{
    private readonly ProfilePlan _plan;
    private readonly Shard[] _shards;
    private readonly int _mask;
    private long _rows;

    public WindowAccumulator(ProfilePlan plan, DateTimeOffset startedAt)
    {
        _plan = plan;
        StartedAt = startedAt;
        var shards = (int)Math.Min(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount * 2));
        _shards = new Shard[shards];
        for (var i = 0; i < shards; i++)
        {
            _shards[i] = new Shard(plan);
        }

        _mask = shards - 1;
    }

    /// <summary>When the window opened.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Rows counted so far.</summary>
    public long Rows => Volatile.Read(ref _rows);

    /// <summary>Counts the rows of one successful run; returns the window's rows after them.</summary>
    public long Observe(in InferenceResult result)
    {
        var rows = (int)Math.Min(result.Rows, 1 << 20);
        if (rows <= 0)
        {
            return Rows;
        }

        var shard = _shards[Environment.CurrentManagedThreadId & _mask];
        lock (shard.Gate)
        {
            var values = _plan.Values;
            for (var k = 0; k < values.Length; k++)
            {
                if (k < _plan.FeatureCount)
                {
                    var input = result.Input(values[k].Slot.Tensor);
                    CountNumbers(shard, k, input.Data, input.ElementType, input.Shape, rows);
                }
                else
                {
                    CountOutput(shard, k, result.Output(values[k].Slot.Tensor), rows);
                }
            }

            if (_plan.Probability is { } probability && shard.Confidence is { } confidence)
            {
                CountConfidence(confidence, result.Output(probability.Output), probability, rows);
            }

            shard.AddRows(rows);
        }

        return Interlocked.Add(ref _rows, rows);
    }

    private void CountOutput(Shard shard, int k, OutputView output, int rows)
    {
        if (output.ElementType != TensorElementType.String)
        {
            CountNumbers(shard, k, output.Data, output.ElementType, output.Shape, rows);
            return;
        }

        var value = _plan.Values[k];
        if (!Fits(value.Slot, output.Shape, rows))
        {
            return;
        }

        var slots = shard.Categories.AsSpan(_plan.CategoryOffsets[k], value.CategorySlots);
        Span<char> text = stackalloc char[256];
        for (var r = 0; r < rows; r++)
        {
            var index = (r * value.Slot.Width) + value.Slot.Column;
            var utf8 = output.StringBytes(index);
            var length = System.Text.Encoding.UTF8.GetChars(utf8[..Math.Min(utf8.Length, 256)], text);
            slots[value.TextCategories.TryGetValue(text[..length], out var category) ? category : slots.Length - 1]++;
        }

        shard.Present[k] += rows;
    }

    private void CountNumbers(Shard shard, int k, ReadOnlySpan<byte> data, TensorElementType type, ReadOnlySpan<long> shape, int rows)
    {
        var value = _plan.Values[k];
        if (!Fits(value.Slot, shape, rows))
        {
            return;
        }

        var (width, column) = (value.Slot.Width, value.Slot.Column);
        if (value.IsNumeric)
        {
            CountNumeric(shard, k, value, data, type, width, column, rows);
            return;
        }

        var slots = shard.Categories.AsSpan(_plan.CategoryOffsets[k], value.CategorySlots);
        for (var r = 0; r < rows; r++)
        {
            var x = ValueReader.Read(data, type, (r * width) + column);
            if (!double.IsFinite(x))
            {
                shard.Missing[k]++;
                continue;
            }

            var category = slots.Length - 1;
            if (x == Math.Floor(x) && value.NumberCategories.TryGetValue((long)x, out var known))
            {
                category = known;
            }

            slots[category]++;
            shard.Present[k]++;
        }
    }

    // The hot loop: FP32 (nearly every tabular model) is read straight from the buffer, and the moments are kept in
    // locals and written once per request rather than once per row.
    private void CountNumeric(Shard shard, int k, MonitoredValue value, ReadOnlySpan<byte> data, TensorElementType type, int width, int column, int rows)
    {
        var offset = _plan.BinOffsets[k];
        var counts = shard.BinCounts.AsSpan(offset, value.Bins);
        var sums = shard.BinSums.AsSpan(offset, value.Bins);
        var edges = value.Edges;
        var floats = type == TensorElementType.Float32 ? MemoryMarshal.Cast<byte, float>(data) : default;
        long missing = 0, present = 0;
        double sum = 0, squares = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var r = 0; r < rows; r++)
        {
            var index = (r * width) + column;
            var x = type == TensorElementType.Float32 ? floats[index] : ValueReader.Read(data, type, index);
            if (!double.IsFinite(x))
            {
                missing++;
                continue;
            }

            var bin = 0;
            while (bin < edges.Length && edges[bin] <= x)
            {
                bin++;
            }

            counts[bin]++;
            sums[bin] += x;
            present++;
            sum += x;
            squares += x * x;
            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }

        shard.AddMoments(k, missing, present, sum, squares, min, max);
    }

    private static void CountConfidence(ConfidenceAccumulator sums, OutputView output, ProbabilitySource probability, int rows)
    {
        if (output.ElementType is not (TensorElementType.Float32 or TensorElementType.Float64)
            || !Fits(new FeatureSlot("", FeatureKind.Numeric, probability.Output, 0, probability.Width), output.Shape, rows))
        {
            return;
        }

        var data = output.Data;
        Span<double> row = stackalloc double[FeatureLayout.MaxOutputColumns];
        row = row[..Math.Min(probability.Width, row.Length)];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = ValueReader.Read(data, output.ElementType, (r * probability.Width) + c);
            }

            sums.Add(row);
        }
    }

    // A tensor shaped unlike the layout (a client sending another width) is not counted rather than misread.
    private static bool Fits(FeatureSlot slot, ReadOnlySpan<long> shape, int rows)
    {
        var width = 1L;
        for (var d = 1; d < shape.Length; d++)
        {
            width *= shape[d];
        }

        return width == slot.Width && (shape.Length == 0 ? 1 : shape[0]) == rows;
    }
}
