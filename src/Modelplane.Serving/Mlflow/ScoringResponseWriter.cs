using System.Buffers;
using System.Text.Json;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Mlflow;

/// <summary>
/// Writes <c>{"predictions": ...}</c> straight from the output buffers. Tensor input: an object of output arrays, as
/// MLflow's ONNX flavor returns a dict of outputs for it. DataFrame input, one output: a list with one entry per row (a
/// number, or a list when the row has several values); several outputs: one record per row,
/// <c>[{"label": 0, "probability": [0.1]}, ...]</c>, as MLflow answers for a model that returns a DataFrame; outputs whose
/// row counts differ cannot form records and are written as an object of columns instead.
/// </summary>
internal static partial class ScoringResponseWriter
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };
    private static readonly JsonEncodedText Predictions = JsonEncodedText.Encode("predictions");

    /// <summary>The codec's note that the rows came as tensor input.</summary>
    public const int TensorInput = 1;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static void Write(IBufferWriter<byte> output, InferenceResult result)
    {
        var writer = t_writer ??= new Utf8JsonWriter(Stream.Null, Options);
        writer.Reset(output);
        try
        {
            writer.WriteStartObject();
            writer.WritePropertyName(Predictions);
            if (result.Count == 1 && result.ProtocolState != TensorInput)
            {
                WriteList(writer, result[0]);
            }
            else if (result.ProtocolState != TensorInput && SameRows(result) is { } rows)
            {
                WriteRecords(writer, result, rows);
            }
            else
            {
                writer.WriteStartObject();
                for (var k = 0; k < result.Count; k++)
                {
                    var view = result[k];
                    writer.WritePropertyName(view.Plan.EncodedName);
                    WriteList(writer, view);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            // Drop the reference to the caller's buffer until the next call.
            writer.Reset(Stream.Null);
        }
    }

    private static void WriteList(Utf8JsonWriter writer, OutputView view)
    {
        var rows = Rows(view);
        writer.WriteStartArray();
        for (long r = 0; r < rows; r++)
        {
            WriteRow(writer, view, r, rows);
        }
        writer.WriteEndArray();
    }

    private static void WriteRecords(Utf8JsonWriter writer, InferenceResult result, long rows)
    {
        writer.WriteStartArray();
        for (long r = 0; r < rows; r++)
        {
            writer.WriteStartObject();
            for (var k = 0; k < result.Count; k++)
            {
                var view = result[k];
                writer.WritePropertyName(view.Plan.EncodedName);
                WriteRow(writer, view, r, rows);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static long? SameRows(InferenceResult result)
    {
        var rows = Rows(result[0]);
        for (var k = 1; k < result.Count; k++)
        {
            if (Rows(result[k]) != rows)
            {
                return null;
            }
        }
        return rows;
    }

    private static long Rows(OutputView view) => view.Shape.Length == 0 ? 1 : view.Shape[0];

    /// <summary>Row <paramref name="row"/>: a single value as itself, more as (nested) lists following the shape after the rows.</summary>
    private static void WriteRow(Utf8JsonWriter writer, OutputView view, long row, long rows)
    {
        var perRow = rows == 0 ? 0 : view.ElementCount / rows;
        var index = row * perRow;
        var data = view.ElementSize == 0 ? default : view.Data;
        if (perRow == 1)
        {
            WriteElement(writer, view, data, index);
            return;
        }
        var inner = view.Shape.Length == 0 ? [] : view.Shape[1..];
        WriteNested(writer, view, data, inner, ref index);
    }

    private static void WriteNested(Utf8JsonWriter writer, OutputView view, ReadOnlySpan<byte> data, ReadOnlySpan<long> dims, ref long index)
    {
        if (dims.IsEmpty)
        {
            WriteElement(writer, view, data, index++);
            return;
        }
        writer.WriteStartArray();
        for (long i = 0; i < dims[0]; i++)
        {
            WriteNested(writer, view, data, dims[1..], ref index);
        }
        writer.WriteEndArray();
    }
}
