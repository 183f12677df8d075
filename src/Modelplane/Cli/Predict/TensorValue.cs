using System.Globalization;
using System.Text.Json;

namespace Modelplane.Cli.Predict;

/// <summary>Writes one JSON value as an element of an OIP tensor of a given datatype, refusing values the datatype cannot hold.</summary>
internal static class TensorValue
{
    /// <summary>Writes <paramref name="value"/> converted for <paramref name="datatype"/>; <paramref name="where"/> names it in error messages.</summary>
    /// <exception cref="UsageException">The value does not fit the datatype.</exception>
    public static void Write(Utf8JsonWriter writer, JsonElement value, string datatype, string where)
    {
        switch (datatype.ToUpperInvariant())
        {
            case "FP16" or "FP32" or "FP64":
                writer.WriteNumberValue(Number(value, datatype, where));
                break;
            case "INT8" or "INT16" or "INT32" or "INT64" or "UINT8" or "UINT16" or "UINT32" or "UINT64":
                var number = Number(value, datatype, where);
                if (number != Math.Floor(number))
                {
                    throw new UsageException($"{where}: {value.GetRawText()} is not a whole number, but the input's datatype is {datatype}.");
                }

                writer.WriteNumberValue((long)number);
                break;
            case "BOOL":
                writer.WriteBooleanValue(Bool(value, where));
                break;
            case "BYTES":
                writer.WriteStringValue(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
                break;
            default:
                throw new UsageException($"The input's datatype {datatype} is not supported for rows; pass an OIP request instead.");
        }
    }

    private static double Number(JsonElement value, string datatype, string where)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetDouble();
        }

        // CSV-to-JSON tools often quote numbers; accept them rather than make users clean the file.
        if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        throw new UsageException($"{where}: {value.GetRawText()} is not a number, but the input's datatype is {datatype}.");
    }

    private static bool Bool(JsonElement value, string where) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when value.GetDouble() is 0 or 1 => value.GetDouble() == 1,
        _ => throw new UsageException($"{where}: {value.GetRawText()} is not true, false, 0 or 1, but the input's datatype is BOOL."),
    };
}
