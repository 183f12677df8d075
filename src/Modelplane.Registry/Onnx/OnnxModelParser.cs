using Google.Protobuf;
using Modelplane.Registry.Onnx.Schema;

namespace Modelplane.Registry.Onnx;

/// <summary>Turns artifact bytes into a <see cref="ModelProto"/>, or explains why they are not an ONNX model.</summary>
internal static class OnnxModelParser
{
    public static ModelProto Parse(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            throw NotOnnx("the artifact is empty.");
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw NotOnnx($"the bytes are not a valid protobuf message ({ex.Message})");
        }

        // Protobuf accepts many byte strings as a message full of unknown fields, so a successful
        // parse proves little; the fields every ONNX model must have are what tell a model apart.
        if (model.Graph is null)
        {
            throw NotOnnx("it has no graph.");
        }

        if (model.IrVersion <= 0)
        {
            throw NotOnnx("it declares no IR version.");
        }

        if (model.Graph.Input.Count == 0)
        {
            throw NotOnnx("its graph declares no inputs.");
        }

        if (model.Graph.Output.Count == 0)
        {
            throw NotOnnx("its graph declares no outputs.");
        }

        return model;
    }

    private static InvalidModelException NotOnnx(string reason) =>
        new($"The artifact is not an ONNX model: {reason}");
}
