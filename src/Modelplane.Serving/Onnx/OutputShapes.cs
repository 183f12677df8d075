using Modelplane.Serving.Oip;

namespace Modelplane.Serving.Onnx;

/// <summary>Works out output shapes before a run, from the input shapes of the request.</summary>
internal static class OutputShapes
{
    /// <summary>Fills the output's shape for this request, reusing <paramref name="previous"/> when it is unchanged.</summary>
    public static long[] Predict(TensorPlan output, InferenceRequestState request, long[] previous)
    {
        var sources = output.ShapeSources!;
        var same = previous.Length == sources.Length;
        for (var d = 0; same && d < sources.Length; d++)
        {
            same = previous[d] == Dim(output, request, sources, d);
        }
        if (same)
        {
            return previous;
        }
        var shape = new long[sources.Length];
        for (var d = 0; d < shape.Length; d++)
        {
            shape[d] = Dim(output, request, sources, d);
        }
        return shape;
    }

    /// <summary>Element count of a predicted output; a 413 when it could not be held in memory.</summary>
    public static long Count(TensorPlan output, long[] shape)
    {
        var count = Product(shape);
        return count >= 0 && count <= Array.MaxLength / Math.Max(output.ElementSize, 1)
            ? count
            : throw InferenceRequestException.TooLarge(
                $"Output '{output.Name}' would have shape {ShapeFormat.Format(shape)}, more than one buffer can hold.");
    }

    /// <summary>Product of the dimensions, or -1 when it overflows.</summary>
    public static long Product(ReadOnlySpan<long> shape)
    {
        long product = 1;
        foreach (var dim in shape)
        {
            if (dim < 0 || (dim != 0 && product > long.MaxValue / dim))
            {
                return -1;
            }
            product *= dim;
        }
        return product;
    }

    private static long Dim(TensorPlan output, InferenceRequestState request, (int Input, int Dim)[] sources, int d) =>
        sources[d].Input < 0 ? output.Shape[d] : request.Inputs[sources[d].Input].Shape[sources[d].Dim];
}
