using Modelplane.Registry.Models;
using Modelplane.Serving.Oip;

namespace Modelplane.Serving.Protocol;

public sealed partial class InferenceRequest
{
    internal void MarkSeen(int index)
    {
        var input = State.Inputs[index];
        if (input.Seen)
        {
            throw new InferenceRequestException($"Input '{InputName(index)}' is given more than once.");
        }
        input.Seen = true;
    }

    /// <summary>Checks datatype and shape against the signature and the element limits, before any data is stored.</summary>
    internal void Declare(int index, TensorElementType declared, ReadOnlySpan<long> shape)
    {
        var plan = Layout.Inputs[index];
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
        if (shape.Length > InputState.MaxRank)
        {
            throw new InferenceRequestException($"Input '{name}' has more than {InputState.MaxRank} dimensions.");
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
        if (elements > MaxElements)
        {
            throw InferenceRequestException.TooLarge($"Input '{name}' has {elements} elements; the limit is {MaxElements}.");
        }
        State.TotalElements += elements;
        if (State.TotalElements > MaxElements)
        {
            throw InferenceRequestException.TooLarge($"The request has {State.TotalElements} elements over all inputs; the limit is {MaxElements}.");
        }

        var input = State.Inputs[index];
        shape.CopyTo(input.Shape);
        input.Rank = shape.Length;
        input.ElementCount = elements;
    }

    /// <summary>Fails naming the first input the codec did not fill.</summary>
    internal void EnsureComplete()
    {
        for (var i = 0; i < Layout.Inputs.Length; i++)
        {
            if (!State.Inputs[i].Seen)
            {
                throw new InferenceRequestException($"Input '{Layout.Inputs[i].Name}' is missing.");
            }
        }
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
}
