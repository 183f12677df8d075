using System.Text.Json;

namespace Modelplane.Cli.Demo;

/// <summary>Finds the first feature row in a samples file without insisting on one layout: rows, an object holding rows, records with a features array, or an OIP request.</summary>
internal static class SampleRows
{
    private static readonly string[] PreferredKeys = ["rows", "samples", "features", "inputs", "instances", "x", "data"];

    /// <summary>The first row of numbers (or booleans) in <paramref name="samples"/>, or null when there is none.</summary>
    public static JsonElement[]? FirstRow(JsonElement samples) => Find(samples, depth: 0);

    private static JsonElement[]? Find(JsonElement element, int depth)
    {
        if (depth > 6)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Array)
        {
            if (element.GetArrayLength() == 0)
            {
                return null;
            }

            return element.EnumerateArray().All(IsScalar) ? element.EnumerateArray().ToArray() : Find(element[0], depth + 1);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        // An OIP tensor holds all rows flattened; its shape says how wide one row is.
        if (TryGet(element, "data", out var data) && TryGet(element, "shape", out var shape)
            && shape.ValueKind == JsonValueKind.Array && shape.GetArrayLength() >= 2
            && shape[shape.GetArrayLength() - 1].TryGetInt32(out var width) && width > 0
            && Find(data, depth + 1) is { } flat && flat.Length >= width)
        {
            return flat[..width];
        }

        foreach (var key in PreferredKeys)
        {
            if (TryGet(element, key, out var value) && Find(value, depth + 1) is { } row)
            {
                return row;
            }
        }

        return null;
    }

    private static bool IsScalar(JsonElement element)
        => element.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
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
