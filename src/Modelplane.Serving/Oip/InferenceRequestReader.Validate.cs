using System.Text.Json;
using Modelplane.Registry.Models;

namespace Modelplane.Serving.Oip;

internal readonly partial struct InferenceRequestReader
{
    /// <summary>Checks datatype and shape against the signature and the element limits, before any data is stored.</summary>
    private void Validate(int slot, TensorElementType declared, ReadOnlySpan<long> shape)
    {
        var plan = layout.Inputs[slot];
        var name = plan.Name;
        if (declared != plan.ElementType)
        {
            throw new InferenceRequestException(
                $"Input '{name}' has datatype {OipDatatypes.Name(declared)}; the model expects {OipDatatypes.Name(plan.ElementType)}.");
        }
        if (plan.ElementSize == 0)
        {
            throw new InferenceRequestException($"Input '{name}' has datatype {OipDatatypes.Name(declared)}, which Modelplane does not support yet.");
        }
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                throw new InferenceRequestException($"Input '{name}' has shape {ShapeFormat.Format(shape)}; dimensions must not be negative.");
            }
        }
        if (!Fits(shape, plan.Shape))
        {
            throw new InferenceRequestException($"Input '{name}' has shape {ShapeFormat.Format(shape)}; the model expects {plan.ShapeText}.");
        }

        long elements = 1;
        try
        {
            foreach (var dim in shape)
            {
                elements = checked(elements * dim);
            }
        }
        catch (OverflowException)
        {
            throw new InferenceRequestException($"Input '{name}' has shape {ShapeFormat.Format(shape)}, whose element count overflows.");
        }
        if (elements == 0)
        {
            throw new InferenceRequestException($"Input '{name}' has shape {ShapeFormat.Format(shape)}; empty tensors are not supported.");
        }
        if (elements > maxElements)
        {
            throw InferenceRequestException.TooLarge($"Input '{name}' has {elements} elements; the limit is {maxElements}.");
        }
        state.TotalElements += elements;
        if (state.TotalElements > maxElements)
        {
            throw InferenceRequestException.TooLarge($"The request has {state.TotalElements} elements over all inputs; the limit is {maxElements}.");
        }

        var input = state.Inputs[slot];
        shape.CopyTo(input.Shape);
        input.Rank = shape.Length;
        input.ElementCount = elements;
    }

    private static bool Fits(ReadOnlySpan<long> shape, long[] expected)
    {
        if (shape.Length != expected.Length)
        {
            return false;
        }
        for (var i = 0; i < shape.Length; i++)
        {
            if (expected[i] != TensorSpec.DynamicDimension && expected[i] != shape[i])
            {
                return false;
            }
        }
        return true;
    }

    private void ReadData(ref Utf8JsonReader reader, int slot)
    {
        var plan = layout.Inputs[slot];
        var input = state.Inputs[slot];
        // Storage is bounded by what the remaining body can hold (at least two bytes per element, "0,"),
        // never by the declared shape alone: a tiny body declaring a huge shape must not allocate.
        var remaining = bodyLength - reader.BytesConsumed;
        var capacity = (int)Math.Min(input.ElementCount, remaining / 2 + 1);
        input.Data.EnsureCapacity((long)capacity * plan.ElementSize);
        var count = TensorDataReader.Read(ref reader, plan.ElementType, input.Data.Span, capacity, plan.Name);
        if (count != input.ElementCount)
        {
            throw new InferenceRequestException(
                $"Input '{plan.Name}' shape {ShapeFormat.Format(input.ShapeSpan)} needs {input.ElementCount} elements but data has {count}.");
        }
    }
}
