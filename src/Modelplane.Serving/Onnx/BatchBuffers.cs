using Modelplane.Serving.Oip;

namespace Modelplane.Serving.Onnx;

/// <summary>Moves rows between the requests of a dynamic batch and the one context the batch runs in.</summary>
internal static class BatchBuffers
{
    /// <summary>Concatenates every call's inputs along dimension 0 into <paramref name="batch"/>'s pinned input buffers.</summary>
    public static void Gather(RunnerContext batch, ModelLayout layout, List<BatchedCall> calls, long rows)
    {
        batch.Request.Reset("");
        var inputs = batch.Request.State.Inputs;
        for (var i = 0; i < inputs.Length; i++)
        {
            var size = layout.Inputs[i].ElementSize;
            var first = calls[0].Context.Request.State.Inputs[i];
            long elements = 0;
            foreach (var call in calls)
            {
                elements += call.Context.Request.State.Inputs[i].ElementCount;
            }

            var target = inputs[i];
            target.Data.EnsureCapacity(elements * size);
            var offset = 0;
            foreach (var call in calls)
            {
                var source = call.Context.Request.State.Inputs[i];
                var bytes = (int)(source.ElementCount * size);
                source.Data.Span[..bytes].CopyTo(target.Data.Span[offset..]);
                offset += bytes;
            }

            first.ShapeSpan.CopyTo(target.Shape);
            target.Shape[0] = rows;
            target.Rank = first.Rank;
            target.ElementCount = elements;
            target.Seen = true;
        }
    }

    /// <summary>Copies each call's rows of every output into the call's own output buffers, shaped for its rows.</summary>
    /// <exception cref="InvalidOperationException">An output's first dimension is not the batch's rows, so it cannot be split.</exception>
    public static void Scatter(RunnerContext batch, ModelLayout layout, List<BatchedCall> calls, long rows)
    {
        for (var o = 0; o < layout.Outputs.Length; o++)
        {
            var plan = layout.Outputs[o];
            var output = batch.Outputs[o];
            if (output.Shape.Length == 0 || output.Shape[0] != rows)
            {
                throw new InvalidOperationException(
                    $"Output '{plan.Name}' of a batch of {rows} rows has shape {ShapeFormat.Format(output.Shape)}; it cannot be split back into requests.");
            }

            var perRow = output.ElementCount / rows;
            var data = output.RawData(plan.ElementSize);
            var offset = 0;
            foreach (var call in calls)
            {
                var target = call.Context.Outputs[o];
                var elements = perRow * call.Rows;
                var bytes = (int)(elements * plan.ElementSize);
                target.Buffer.EnsureCapacity(bytes);
                data.Slice(offset, bytes).CopyTo(target.Buffer.Span);
                offset += bytes;
                target.Shape = RowShape(output.Shape, call.Rows, target.Shape);
                target.ElementCount = elements;
                target.Value = null;
            }
        }
    }

    private static long[] RowShape(long[] batchShape, long rows, long[] previous)
    {
        if (previous.Length == batchShape.Length && previous[0] == rows && previous.AsSpan(1).SequenceEqual(batchShape.AsSpan(1)))
        {
            return previous;
        }

        var shape = (long[])batchShape.Clone();
        shape[0] = rows;
        return shape;
    }
}
