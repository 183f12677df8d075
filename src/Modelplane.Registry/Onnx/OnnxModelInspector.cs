using Modelplane.Registry.Models;

namespace Modelplane.Registry.Onnx;

/// <summary>
/// Inspects an ONNX artifact at registration: parses it, refuses external data and custom
/// operators, reads the signature, and finally proves that ONNX Runtime can load it.
/// </summary>
internal sealed class OnnxModelInspector : IModelInspector
{
    // ONNX files are single protobuf messages, which protobuf caps at 2 GB.
    private const long MaxArtifactBytes = int.MaxValue;

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
