using System.Text.Json;

namespace Modelplane.Serving.Oip;

internal readonly partial struct InferenceRequestReader
{
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
