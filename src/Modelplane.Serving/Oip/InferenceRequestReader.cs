using System.Buffers;
using System.Text.Json;
using Modelplane.Serving.Onnx;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Oip;

/// <summary>Parses an OIP inference request with <see cref="Utf8JsonReader"/> straight into an <see cref="InferenceRequestState"/>.</summary>
/// <remarks>No DOM and no reflection: field order is free, but data is read straight into the tensor buffer
/// when name, datatype and shape come before it (as every client sends them); otherwise it is read on a second pass.</remarks>
internal readonly partial struct InferenceRequestReader(InferenceRequest request, long bodyLength, BinaryFrame? frame)
{
    private readonly ModelLayout layout = request.Layout;
    private readonly InferenceRequestState state = request.State;
    private readonly string modelName = request.ModelName;

    /// <summary>Reads a JSON body; with <paramref name="frame"/>, the JSON header of a binary tensor data extension body.</summary>
    public static void Read(ReadOnlySequence<byte> body, InferenceRequest request, ServingOptions options, BinaryFrame? frame = null)
    {
        var readerOptions = new JsonReaderOptions { MaxDepth = options.MaxJsonDepth };
        // The span-based reader is markedly faster than the sequence-based one, and Kestrel usually hands over one segment.
        var reader = body.IsSingleSegment ? new Utf8JsonReader(body.FirstSpan, readerOptions) : new Utf8JsonReader(body, readerOptions);
        try
        {
            new InferenceRequestReader(request, body.Length, frame).ReadRoot(ref reader);
        }
        catch (JsonException ex)
        {
            throw new InferenceRequestException($"Request body is not valid JSON: {ex.Message}");
        }
    }

    private void ReadRoot(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InferenceRequestException("Request body must be a JSON object.");
        }
        var sawInputs = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("inputs"u8))
            {
                if (sawInputs)
                {
                    throw new InferenceRequestException("Field 'inputs' appears more than once.");
                }
                sawInputs = true;
                reader.Read();
                ReadInputs(ref reader);
            }
            else if (reader.ValueTextEquals("outputs"u8))
            {
                reader.Read();
                ReadOutputs(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                ReadParameters(ref reader);
            }
            else
            {
                // Fields from later protocol versions are accepted and ignored.
                reader.Skip();
            }
        }
        // Surfaces trailing content after the root object as invalid JSON.
        reader.Read();

        if (!sawInputs)
        {
            throw new InferenceRequestException("Field 'inputs' is missing.");
        }
    }

    /// <summary>Reads the request-level parameters this server acts on (Triton's <c>timeout</c>, in microseconds) and skips the rest.</summary>
    private void ReadParameters(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InferenceRequestException("Field 'parameters' must be an object.");
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("binary_data_output"u8))
            {
                reader.Read();
                if (ReadBinaryFlag(ref reader, "Parameter 'binary_data_output'"))
                {
                    RequireFrame("Parameter 'binary_data_output'").SetAllOutputs(true);
                }
                continue;
            }
            if (!reader.ValueTextEquals("timeout"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            reader.Read();
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var micros) || micros <= 0)
            {
                throw new InferenceRequestException("Parameter 'timeout' must be a positive integer number of microseconds.");
            }
            request.Timeout = TimeSpan.FromMicroseconds(Math.Min(micros, (long)TimeSpan.FromHours(1).TotalMicroseconds));
        }
    }

    private void ReadInputs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new InferenceRequestException("Field 'inputs' must be an array of tensors.");
        }
        var position = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InferenceRequestException($"Entry {position} of 'inputs' must be an object.");
            }
            ReadInput(ref reader, position++);
        }
    }

    private void ReadId(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new InferenceRequestException("Field 'id' must be a string.");
        }
        var maxLength = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (maxLength > state.Id.Length)
        {
            state.Id = new byte[maxLength];
        }
        state.IdLength = reader.CopyString(state.Id);
        state.HasId = true;
    }

    private void ReadOutputs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new InferenceRequestException("Field 'outputs' must be an array.");
        }
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InferenceRequestException($"Entry {count} of 'outputs' must be an object.");
            }
            var index = -1;
            sbyte binary = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("parameters"u8))
                {
                    reader.Read();
                    binary = ReadOutputParameters(ref reader, count);
                    continue;
                }
                if (!reader.ValueTextEquals("name"u8))
                {
                    reader.Skip();
                    continue;
                }
                reader.Read();
                index = FindOutput(ref reader);
                request.RequestOutput(index);
            }
            if (index < 0)
            {
                throw new InferenceRequestException($"Entry {count} of 'outputs' is missing field 'name'.");
            }
            if (binary > 0)
            {
                RequireFrame($"Output '{layout.Outputs[index].Name}' parameter 'binary_data'").SetOutput(index, true);
            }
            else if (binary < 0)
            {
                frame?.SetOutput(index, false);
            }
            count++;
        }
    }

    private int FindOutput(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            for (var i = 0; i < layout.Outputs.Length; i++)
            {
                if (reader.ValueTextEquals(layout.Outputs[i].Utf8Name))
                {
                    return i;
                }
            }
        }
        var name = reader.TokenType == JsonTokenType.String ? reader.GetString() : "(not a string)";
        throw new InferenceRequestException($"Output '{name}' is not an output of model '{modelName}' (expected: {layout.OutputList}).");
    }
}
