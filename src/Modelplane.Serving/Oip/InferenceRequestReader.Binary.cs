using System.Buffers;
using System.Text.Json;
using Modelplane.Registry.Models;

namespace Modelplane.Serving.Oip;

/// <summary>The binary tensor data extension's parameters: <c>binary_data_size</c> on inputs, <c>binary_data</c> on outputs.</summary>
internal readonly partial struct InferenceRequestReader
{
    private BinaryFrame RequireFrame(string what) => frame ?? throw new InferenceRequestException(
        $"{what} needs the binary tensor data extension: send header {BinaryFrame.HeaderName} with the JSON header's length in bytes " +
        "(the whole body's length when no input is binary).");

    private static bool ReadBinaryFlag(ref Utf8JsonReader reader, string what) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new InferenceRequestException($"{what} must be true or false."),
    };

    /// <summary>Reads an output's <c>parameters</c>: 1 when it asks for binary data, -1 when it refuses it, 0 when silent.</summary>
    private static sbyte ReadOutputParameters(ref Utf8JsonReader reader, int entry)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InferenceRequestException($"Field 'parameters' of entry {entry} of 'outputs' must be an object.");
        }
        sbyte binary = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isBinary = reader.ValueTextEquals("binary_data"u8);
            reader.Read();
            if (isBinary)
            {
                binary = ReadBinaryFlag(ref reader, $"Parameter 'binary_data' of entry {entry} of 'outputs'") ? (sbyte)1 : (sbyte)-1;
            }
            else
            {
                reader.Skip();
            }
        }
        return binary;
    }

    /// <summary>Reads an input's <c>parameters</c>: its <c>binary_data_size</c>, or -1 when absent.</summary>
    private long ReadInputParameters(ref Utf8JsonReader reader, int slot, int position)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InferenceRequestException($"Input '{Label(slot, position)}' field 'parameters' must be an object.");
        }
        long size = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSize = reader.ValueTextEquals("binary_data_size"u8);
            reader.Read();
            if (!isSize)
            {
                reader.Skip();
                continue;
            }
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out size) || size < 0)
            {
                throw new InferenceRequestException($"Input '{Label(slot, position)}' parameter 'binary_data_size' must be a non-negative whole number of bytes.");
            }
        }
        return size;
    }

    /// <summary>
    /// Fills input <paramref name="slot"/> from the next <paramref name="size"/> bytes after the JSON header. Datatype, shape
    /// and limits are checked, then the size against the shape, then against the bytes really present; only then is
    /// the buffer sized.
    /// </summary>
    private void ReadBinaryInput(int slot, TensorElementType declared, ReadOnlySpan<long> shape, long size)
    {
        var plan = layout.Inputs[slot];
        var binary = RequireFrame($"Input '{plan.Name}' parameter 'binary_data_size'");
        if (declared == TensorElementType.String)
        {
            throw new InferenceRequestException(
                $"Input '{plan.Name}' has datatype BYTES; parameter 'binary_data_size' is supported only for fixed-size datatypes.");
        }
        request.Declare(slot, declared, shape);
        var input = state.Inputs[slot];
        var expected = input.ElementCount * plan.ElementSize;
        if (size != expected)
        {
            throw new InferenceRequestException(
                $"Input '{plan.Name}' parameter 'binary_data_size' is {size} bytes; shape {ShapeFormat.Format(shape)} of {OipDatatypes.Name(declared)} needs {expected}.");
        }
        var data = binary.Take(size, plan.Name);
        input.Data.EnsureCapacity(size);
        data.CopyTo(input.Data.Span);
    }
}
