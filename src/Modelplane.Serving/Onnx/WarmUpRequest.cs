using System.Buffers;
using System.Text.Json;
using Modelplane.Registry.Models;

namespace Modelplane.Serving.Onnx;

/// <summary>Builds an OIP request of zeros that fits a signature, with dynamic dimensions set to 1.</summary>
internal static class WarmUpRequest
{
    public static byte[] Build(ModelLayout layout)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("inputs");
            foreach (var input in layout.Inputs)
            {
                var shape = input.Shape.Select(d => d == TensorSpec.DynamicDimension ? 1 : d).ToArray();
                writer.WriteStartObject();
                writer.WriteString("name", input.Name);
                writer.WriteString("datatype", input.Datatype);
                writer.WriteStartArray("shape");
                foreach (var dim in shape)
                {
                    writer.WriteNumberValue(dim);
                }
                writer.WriteEndArray();
                writer.WriteStartArray("data");
                var count = OutputShapes.Product(shape);
                for (long i = 0; i < count; i++)
                {
                    if (input.ElementType == TensorElementType.Bool)
                    {
                        writer.WriteBooleanValue(false);
                    }
                    else
                    {
                        writer.WriteNumberValue(0);
                    }
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
