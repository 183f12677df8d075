using Modelplane.Registry.Models;
using Modelplane.Serving.Oip;

namespace Modelplane.Serving.Mlflow;

internal ref partial struct RowTable
{
    /// <summary>Declares every input as <c>[rows, ...]</c> now that the rows are in; the signature check happens here.</summary>
    public readonly void Finish()
    {
        Span<long> shape = stackalloc long[InputState.MaxRank];
        for (var slot = 0; slot < _layout.Inputs.Length; slot++)
        {
            var plan = _layout.Inputs[slot];
            if (_rows[slot] == 0)
            {
                throw new InferenceRequestException(_layout.Inputs.Length == 1
                    ? $"The request has no rows for input '{plan.Name}' of model '{ModelName}'."
                    : $"Input '{plan.Name}' is missing: send a column named '{plan.Name}' (model '{ModelName}' takes {InputList}).");
            }
            var rank = Shape(slot, shape);
            // ReserveInput finds the buffer already big enough, so it returns the bytes written above unchanged.
            _request.ReserveInput(slot, plan.ElementType, shape[..rank], _written[slot]);
        }
    }

    private readonly int Shape(int slot, Span<long> shape)
    {
        var plan = _layout.Inputs[slot];
        var declared = plan.Shape;
        if (declared.Length == 0)
        {
            if (_rows[slot] != 1 || _width[slot] != 1)
            {
                throw new InferenceRequestException($"Input '{plan.Name}' is a single value; send exactly one row with one value.");
            }
            return 0;
        }
        if (declared.Length > shape.Length)
        {
            throw new InferenceRequestException($"Input '{plan.Name}' has more than {InputState.MaxRank} dimensions.");
        }

        shape[0] = _rows[slot];
        long known = 1;
        var open = -1;
        for (var d = 1; d < declared.Length; d++)
        {
            if (declared[d] != TensorSpec.DynamicDimension)
            {
                shape[d] = declared[d];
                known *= declared[d];
            }
            else if (open < 0)
            {
                open = d;
            }
            else
            {
                throw new InferenceRequestException(
                    $"Input '{plan.Name}' has shape {plan.ShapeText}, with more than one open dimension after the rows; send it over /v2 with an explicit shape.");
            }
        }
        if (open > 0)
        {
            if (known == 0 || _width[slot] % known != 0)
            {
                throw new InferenceRequestException(
                    $"Input '{plan.Name}' has shape {plan.ShapeText}; rows of {_width[slot]} values do not fill it.");
            }
            shape[open] = _width[slot] / known;
        }
        return declared.Length;
    }
}
