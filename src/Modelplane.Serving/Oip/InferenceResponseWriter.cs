using System.Buffers;
using System.Text.Json;
using Modelplane.Serving.Onnx;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Oip;

/// <summary>Writes the OIP inference response with a reused <see cref="Utf8JsonWriter"/>.</summary>
internal static partial class InferenceResponseWriter
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };
    private static readonly JsonEncodedText ModelNameProp = JsonEncodedText.Encode("model_name");
    private static readonly JsonEncodedText ModelVersionProp = JsonEncodedText.Encode("model_version");
    private static readonly JsonEncodedText IdProp = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText OutputsProp = JsonEncodedText.Encode("outputs");
    private static readonly JsonEncodedText NameProp = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText DatatypeProp = JsonEncodedText.Encode("datatype");
    private static readonly JsonEncodedText ShapeProp = JsonEncodedText.Encode("shape");
    private static readonly JsonEncodedText DataProp = JsonEncodedText.Encode("data");

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Writes the JSON response; with <paramref name="frame"/>, its binary outputs' bytes follow the JSON.</summary>
    /// <returns>The length of the JSON part in bytes.</returns>
    public static long Write(IBufferWriter<byte> output, InferenceResult result, BinaryFrame? frame = null)
    {
        var layout = result.Request.Layout;
        var request = result.Request.State;
        var outputs = result.Outputs;
        var modelName = result.ModelName;
        var writer = t_writer ??= new Utf8JsonWriter(NullBufferWriter.Instance, Options);
        writer.Reset(output);
        try
        {
            writer.WriteStartObject();
            writer.WriteString(ModelNameProp, modelName);
            writer.WriteString(ModelVersionProp, layout.VersionText);
            if (request.HasId)
            {
                writer.WriteString(IdProp, request.Id.AsSpan(0, request.IdLength));
            }
            writer.WriteStartArray(OutputsProp);
            if (request.RequestedOutputCount < 0)
            {
                for (var i = 0; i < layout.Outputs.Length; i++)
                {
                    WriteTensor(writer, layout.Outputs[i], outputs[i], frame?.IsBinary(i) == true);
                }
            }
            else
            {
                foreach (var i in request.RequestedOutputs.AsSpan(0, request.RequestedOutputCount))
                {
                    WriteTensor(writer, layout.Outputs[i], outputs[i], frame?.IsBinary(i) == true);
                }
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            var jsonLength = writer.BytesCommitted;
            if (frame is not null)
            {
                WriteBinaryTail(output, result, frame);
            }
            return jsonLength;
        }
        finally
        {
            // Drop the reference to the caller's writer (often a response pipe) until the next call.
            writer.Reset(NullBufferWriter.Instance);
        }
    }

    private static void WriteTensor(Utf8JsonWriter writer, TensorPlan plan, OutputTensor tensor, bool binary)
    {
        writer.WriteStartObject();
        writer.WriteString(NameProp, plan.EncodedName);
        writer.WriteString(DatatypeProp, plan.Datatype);
        writer.WriteStartArray(ShapeProp);
        foreach (var dim in tensor.Shape)
        {
            writer.WriteNumberValue(dim);
        }
        writer.WriteEndArray();
        if (binary)
        {
            WriteBinarySize(writer, tensor.ElementCount * plan.ElementSize);
        }
        else
        {
            writer.WriteStartArray(DataProp);
            WriteData(writer, plan, tensor);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    /// <summary>Discards everything; parks the thread's writer between calls.</summary>
    private sealed class NullBufferWriter : IBufferWriter<byte>
    {
        public static readonly NullBufferWriter Instance = new();
        private readonly byte[] _scratch = new byte[256];

        public void Advance(int count)
        {
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => sizeHint <= _scratch.Length ? _scratch : new byte[sizeHint];

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
