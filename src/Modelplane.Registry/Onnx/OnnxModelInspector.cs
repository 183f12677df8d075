using Modelplane.Registry.Formats;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Onnx;

/// <summary>
/// Inspects an ONNX artifact at registration: parses it, refuses external data and custom
/// operators, reads the signature, and finally proves that ONNX Runtime can load it.
/// </summary>
internal sealed class OnnxModelInspector : IModelFormat
{
    // ONNX files are single protobuf messages, which protobuf caps at 2 GB.
    private const long MaxArtifactBytes = int.MaxValue;

    public string Name => ModelFormatNames.Onnx;

    /// <remarks>
    /// A ModelProto starts with a protobuf tag of one of its fields (ir_version, producer, graph, opset_import...):
    /// field 1-15 with the wire type that field uses. Text, zips and most garbage fail this; the full parse decides.
    /// </remarks>
    public bool Matches(ReadOnlySpan<byte> header)
    {
        if (header.IsEmpty)
        {
            return false;
        }

        var field = header[0] >> 3;
        var wireType = header[0] & 7;
        return field switch
        {
            1 or 5 => wireType == 0,
            2 or 3 or 4 or 6 or 7 or 8 or 14 => wireType == 2,
            _ => false,
        };
    }

    public ModelSignature Inspect(Stream artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var bytes = ReadAll(artifact);
        var model = OnnxModelParser.Parse(bytes);

        // The structural rules run before ONNX Runtime sees the bytes: ORT would otherwise try to
        // open external files or resolve operators that only a native library could provide.
        var contents = OnnxModelContents.Collect(model);
        ExternalDataRule.Check(contents);
        CustomOperatorRule.Check(model, contents);
        var signature = OnnxSignatureReader.Read(model.Graph);

        OnnxRuntimeLoadCheck.Check(bytes);
        return signature;
    }

    private static byte[] ReadAll(Stream artifact)
    {
        if (artifact.CanSeek)
        {
            var remaining = artifact.Length - artifact.Position;
            if (remaining > MaxArtifactBytes)
            {
                throw TooLarge();
            }

            var bytes = new byte[remaining];
            artifact.ReadExactly(bytes);
            return bytes;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = artifact.Read(chunk)) > 0)
        {
            if (buffer.Length + read > MaxArtifactBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static InvalidModelException TooLarge() =>
        new("The artifact is not an ONNX model: it is larger than 2 GB, the limit of a self-contained ONNX file.");
}
