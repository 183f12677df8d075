using System.Globalization;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Predict;

/// <summary>Turns what a user gives <c>predict</c> into an Open Inference Protocol request: an OIP request passes through; plain rows become one tensor for the model's single input.</summary>
internal static class OipRequestBuilder
{
    /// <summary>Whether <paramref name="input"/> is already an OIP request (an object with <c>inputs</c>).</summary>
    public static bool IsOipRequest(JsonElement input)
        => input.ValueKind == JsonValueKind.Object && input.TryGetProperty("inputs", out _);

    /// <summary>Reads rows from <c>[[f1..fn],...]</c>, a single row <c>[f1..fn]</c>, or <c>{"rows": ...}</c>.</summary>
    /// <exception cref="UsageException">The JSON has none of these shapes, or rows differ in length.</exception>
    public static IReadOnlyList<JsonElement[]> ReadRows(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.Object && TryGetPropertyIgnoreCase(input, "rows", out var rows))
        {
            input = rows;
        }

        if (input.ValueKind != JsonValueKind.Array || input.GetArrayLength() == 0)
        {
            throw new UsageException("The input must be an OIP request {\"inputs\":[...]}, rows [[f1,...,fn],...], one row [f1,...,fn], or {\"rows\": [...]}.");
        }

        var result = input[0].ValueKind == JsonValueKind.Array
            ? input.EnumerateArray().Select((row, i) => Row(row, i)).ToList()
            : [Row(input, 0)];
        var width = result[0].Length;
        for (var i = 1; i < result.Count; i++)
        {
            if (result[i].Length != width)
            {
                throw new UsageException($"Row {i + 1} has {result[i].Length} values but row 1 has {width}; every row needs the same number of features.");
            }
        }

        return result;
    }

    /// <summary>Builds an OIP request for a model with exactly one input, taking the tensor's name and datatype from <paramref name="metadata"/>.</summary>
    /// <exception cref="UsageException">The model has several inputs, the row width does not match the input shape, or a value does not fit the datatype.</exception>
    public static OipInferenceRequest FromRows(IReadOnlyList<JsonElement[]> rows, OipModelMetadata metadata)
    {
        if (metadata.Inputs.Count != 1)
        {
            throw new UsageException(
                $"Model '{metadata.Name}' has {metadata.Inputs.Count} inputs ({string.Join(", ", metadata.Inputs.Select(i => i.Name))}); rows can only fill a single input. Pass an OIP request {{\"inputs\":[...]}} instead.");
        }

        var spec = metadata.Inputs[0];
        var width = rows[0].Length;
        if (spec.Shape.Count >= 2 && spec.Shape[^1] > 0 && spec.Shape[^1] != width)
        {
            throw new UsageException($"Input '{spec.Name}' expects {spec.Shape[^1]} values per row, but the rows have {width}.");
        }

        var data = TensorData(rows, spec.Datatype);
        return new OipInferenceRequest(null, [new OipTensor(spec.Name, [rows.Count, width], spec.Datatype, data)]);
    }

    /// <summary>The request as JSON, ready for <see cref="ModelplaneClient.InferAsync(string, JsonElement, CancellationToken)"/>.</summary>
    public static JsonElement ToJson(OipInferenceRequest request)
        => JsonSerializer.SerializeToElement(request, ModelplaneJsonContext.Default.OipInferenceRequest);

    private static JsonElement[] Row(JsonElement row, int index)
    {
        if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() == 0)
        {
            throw new UsageException($"Row {index + 1} is not a non-empty array of values.");
        }

        return row.EnumerateArray().ToArray();
    }

    private static JsonElement TensorData(IReadOnlyList<JsonElement[]> rows, string datatype)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var r = 0; r < rows.Count; r++)
            {
                for (var c = 0; c < rows[r].Length; c++)
                {
                    TensorValue.Write(writer, rows[r][c], datatype, $"row {r + 1}, value {c + 1}");
                }
            }

            writer.WriteEndArray();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static bool TryGetPropertyIgnoreCase(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
