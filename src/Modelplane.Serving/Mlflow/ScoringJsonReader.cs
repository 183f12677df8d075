using System.Buffers;
using System.Text.Json;

namespace Modelplane.Serving.Mlflow;

/// <summary>
/// Reads an MLflow scoring request (<c>dataframe_split</c>, <c>dataframe_records</c>, <c>instances</c> or <c>inputs</c>,
/// plus <c>params</c>) with <see cref="Utf8JsonReader"/> straight into a <see cref="RowTable"/>: no DOM, no boxing.
/// </summary>
internal static partial class ScoringJsonReader
{
    private const string Formats = "dataframe_split, dataframe_records, instances, inputs";

    private enum Format
    {
        None,
        Split,
        Records,
        Instances,
        Inputs,
    }

    /// <summary>Reads the body into <paramref name="table"/>; returns true when the rows came as tensor input (<c>instances</c> or <c>inputs</c>).</summary>
    public static bool Read(ReadOnlySequence<byte> body, ref RowTable table, int maxDepth)
    {
        var options = new JsonReaderOptions { MaxDepth = maxDepth };
        var reader = body.IsSingleSegment ? new Utf8JsonReader(body.FirstSpan, options) : new Utf8JsonReader(body, options);
        try
        {
            return ReadRoot(ref reader, ref table) is Format.Instances or Format.Inputs;
        }
        catch (JsonException ex)
        {
            throw new InferenceRequestException($"The request body is not valid JSON: {ex.Message}");
        }
    }

    private static Format ReadRoot(ref Utf8JsonReader reader, ref RowTable table)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InferenceRequestException($"The request body must be a JSON object with exactly one of the fields {Formats}.");
        }
        var seen = Format.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var format = reader.ValueTextEquals("dataframe_split"u8) ? Format.Split
                : reader.ValueTextEquals("dataframe_records"u8) ? Format.Records
                : reader.ValueTextEquals("instances"u8) ? Format.Instances
                : reader.ValueTextEquals("inputs"u8) ? Format.Inputs
                : Format.None;
            if (format != Format.None)
            {
                if (seen == format)
                {
                    throw new InferenceRequestException($"Field '{Name(format)}' appears more than once.");
                }
                if (seen != Format.None)
                {
                    throw new InferenceRequestException(
                        $"The request has both '{Name(seen)}' and '{Name(format)}'; send exactly one of the fields {Formats}.");
                }
                seen = format;
                reader.Read();
                var start = reader;
                try
                {
                    ReadFormat(ref reader, ref table, format);
                }
                catch (InferenceRequestException) when (OtherFormat(start, format) is { } other)
                {
                    // MLflow checks the fields before the data: a body with two of them is told so, not what is wrong in the first.
                    throw new InferenceRequestException(
                        $"The request has both '{Name(format)}' and '{Name(other)}'; send exactly one of the fields {Formats}.");
                }
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                reader.Read();
                if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.Null))
                {
                    throw MlflowErrorCodes.InvalidValue("Field 'params' must be an object of parameter names to values.");
                }
                // Modelplane's ONNX models take no inference parameters; MLflow accepts and ignores unknown ones, and so does this.
                reader.Skip();
            }
            else
            {
                reader.Skip();
            }
        }
        // Surfaces trailing content after the root object as invalid JSON.
        reader.Read();

        if (seen == Format.None)
        {
            throw new InferenceRequestException($"The request must have exactly one of the fields {Formats}; it has none.");
        }
        return seen;
    }

    private static void ReadFormat(ref Utf8JsonReader reader, ref RowTable table, Format format)
    {
        switch (format)
        {
            case Format.Split:
                ReadSplit(ref reader, ref table);
                break;
            case Format.Records:
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw MlflowErrorCodes.InvalidValue("Field 'dataframe_records' must be a list of records, as pandas' to_dict(orient=\"records\") gives.");
                }
                ReadRecords(ref reader, ref table, "dataframe_records");
                break;
            default:
                ReadTensorField(ref reader, ref table, Name(format));
                break;
        }
    }

    /// <summary>Another input field after the one that failed, found on a copy of the reader; only on the error path.</summary>
    private static Format? OtherFormat(Utf8JsonReader reader, Format first)
    {
        try
        {
            reader.Skip();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var format = reader.ValueTextEquals("dataframe_split"u8) ? Format.Split
                    : reader.ValueTextEquals("dataframe_records"u8) ? Format.Records
                    : reader.ValueTextEquals("instances"u8) ? Format.Instances
                    : reader.ValueTextEquals("inputs"u8) ? Format.Inputs
                    : Format.None;
                if (format != Format.None && format != first)
                {
                    return format;
                }
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // The rest is not valid JSON either; the first error stands.
        }
        return null;
    }

    /// <summary><c>instances</c> and <c>inputs</c>: a list of rows, a list of records, or an object of columns.</summary>
    private static void ReadTensorField(ref Utf8JsonReader reader, ref RowTable table, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                ReadColumns(ref reader, ref table, field);
                break;
            case JsonTokenType.StartArray:
                var peek = reader;
                peek.Read();
                if (peek.TokenType == JsonTokenType.StartObject)
                {
                    ReadRecords(ref reader, ref table, field);
                }
                else
                {
                    ReadRows(ref reader, ref table, field, []);
                }
                break;
            default:
                throw MlflowErrorCodes.InvalidValue($"Field '{field}' must be a list of rows, a list of records or an object of columns.");
        }
    }

    private static string Name(Format format) => format switch
    {
        Format.Split => "dataframe_split",
        Format.Records => "dataframe_records",
        Format.Instances => "instances",
        _ => "inputs",
    };
}
