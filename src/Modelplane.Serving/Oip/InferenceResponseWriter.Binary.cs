using System.Buffers;
using System.Text.Json;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Oip;

internal static partial class InferenceResponseWriter
{
    private static readonly JsonEncodedText ParametersProp = JsonEncodedText.Encode("parameters");
    private static readonly JsonEncodedText BinaryDataSizeProp = JsonEncodedText.Encode("binary_data_size");

    private static void WriteBinarySize(Utf8JsonWriter writer, long bytes)
    {
        writer.WriteStartObject(ParametersProp);
        writer.WriteNumber(BinaryDataSizeProp, bytes);
        writer.WriteEndObject();
    }

    /// <summary>Appends each binary output's raw little-endian bytes, in the order the JSON lists the outputs.</summary>
    private static void WriteBinaryTail(IBufferWriter<byte> output, InferenceResult result, BinaryFrame frame)
    {
        var layout = result.Request.Layout;
        var request = result.Request.State;
        var count = request.RequestedOutputCount < 0 ? layout.Outputs.Length : request.RequestedOutputCount;
        var written = 0;
        for (var k = 0; k < count; k++)
        {
            var index = request.RequestedOutputCount < 0 ? k : request.RequestedOutputs[k];
            if (!frame.IsBinary(index))
            {
                continue;
            }
            output.Write(result.Outputs[index].RawData(layout.Outputs[index].ElementSize));
            written++;
        }
        frame.BinaryOutputCount = written;
    }
}
