using System.Text.Json;
using Modelplane.Registry.Models;
using Modelplane.Serving.Onnx;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Oip;

internal readonly partial struct InferenceRequestReader
{
    private const int HasName = 1, HasShape = 2, HasDatatype = 4, HasData = 8, HasParameters = 16;

    private void ReadInput(ref Utf8JsonReader reader, int position)
    {
        var slot = -1;
        var seen = 0;
        var declared = TensorElementType.Unsupported;
        Span<long> shape = stackalloc long[InputState.MaxRank];
        var rank = 0;
        var validated = false;
        var deferred = false;
        var checkpoint = default(Utf8JsonReader);
        long binarySize = -1;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                Once(ref seen, HasName, slot, position, "name");
                reader.Read();
                slot = FindInput(ref reader);
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                Once(ref seen, HasShape, slot, position, "shape");
                reader.Read();
                rank = ReadShape(ref reader, shape, slot, position);
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                Once(ref seen, HasDatatype, slot, position, "datatype");
                reader.Read();
                declared = ReadDatatype(ref reader, slot, position);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                Once(ref seen, HasData, slot, position, "data");
                reader.Read();
                if ((seen & (HasName | HasShape | HasDatatype)) == (HasName | HasShape | HasDatatype))
                {
                    request.Declare(slot, declared, shape[..rank]);
                    validated = true;
                    ReadData(ref reader, slot);
                }
                else
                {
                    checkpoint = reader;
                    deferred = true;
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                Once(ref seen, HasParameters, slot, position, "parameters");
                reader.Read();
                binarySize = ReadInputParameters(ref reader, slot, position);
            }
            else
            {
                reader.Skip();
            }
        }

        if (slot < 0)
        {
            throw new InferenceRequestException($"Input #{position} is missing field 'name'.");
        }
        var name = layout.Inputs[slot].Name;
        if (binarySize >= 0)
        {
            if ((seen & HasData) != 0)
            {
                throw new InferenceRequestException($"Input '{name}' has both field 'data' and parameter 'binary_data_size'; send one.");
            }
            seen |= HasData;
        }
        foreach (var (flag, field) in (ReadOnlySpan<(int, string)>)[(HasDatatype, "datatype"), (HasShape, "shape"), (HasData, "data")])
        {
            if ((seen & flag) == 0)
            {
                throw new InferenceRequestException($"Input '{name}' is missing field '{field}'.");
            }
        }
        if (binarySize >= 0)
        {
            ReadBinaryInput(slot, declared, shape[..rank], binarySize);
            return;
        }
        if (!validated)
        {
            request.Declare(slot, declared, shape[..rank]);
        }
        if (deferred)
        {
            ReadData(ref checkpoint, slot);
        }
    }

    private string Label(int slot, int position) => slot >= 0 ? layout.Inputs[slot].Name : $"#{position}";

    private void Once(ref int seen, int flag, int slot, int position, string field)
    {
        if ((seen & flag) != 0)
        {
            throw new InferenceRequestException($"Input '{Label(slot, position)}' has field '{field}' more than once.");
        }
        seen |= flag;
    }

    private int FindInput(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new InferenceRequestException("Field 'name' of an input must be a string.");
        }
        for (var i = 0; i < layout.Inputs.Length; i++)
        {
            if (reader.ValueTextEquals(layout.Inputs[i].Utf8Name))
            {
                request.MarkSeen(i);
                return i;
            }
        }
        throw new InferenceRequestException(
            $"Input '{reader.GetString()}' is not an input of model '{modelName}' (expected: {layout.InputList}).");
    }

    private int ReadShape(ref Utf8JsonReader reader, scoped Span<long> shape, int slot, int position)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new InferenceRequestException($"Input '{Label(slot, position)}' field 'shape' must be an array of integers.");
        }
        var rank = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var dim))
            {
                throw new InferenceRequestException($"Input '{Label(slot, position)}' field 'shape' must be an array of integers.");
            }
            if (rank == shape.Length)
            {
                throw new InferenceRequestException($"Input '{Label(slot, position)}' has more than {InputState.MaxRank} dimensions.");
            }
            shape[rank++] = dim;
        }
        return rank;
    }

    private TensorElementType ReadDatatype(ref Utf8JsonReader reader, int slot, int position)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new InferenceRequestException($"Input '{Label(slot, position)}' field 'datatype' must be a string.");
        }
        return OipDatatypes.TryParse(ref reader, out var type)
            ? type
            : throw new InferenceRequestException($"Input '{Label(slot, position)}' has unknown datatype '{reader.GetString()}'.");
    }
}
