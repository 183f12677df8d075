using Google.Protobuf;
using Modelplane.Registry.Models;
using Modelplane.Registry.Onnx;
using Modelplane.Registry.Onnx.Schema;

namespace Modelplane.Registry.Tests.Onnx;

public sealed partial class OnnxModelInspectorTests
{
    private static readonly string ExportedModelPath = Path.Combine(AppContext.BaseDirectory, "Onnx", "TestData", "lr.onnx");

    private static ModelSignature Inspect(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return new OnnxModelInspector().Inspect(stream);
    }

    private static string Refusal(byte[] bytes) => Assert.Throws<InvalidModelException>(() => Inspect(bytes)).Message;

    private static byte[] Mutate(byte[] bytes, Action<ModelProto> change)
    {
        var model = ModelProto.Parser.ParseFrom(bytes);
        change(model);
        return model.ToByteArray();
    }

    private static byte[] LinearModel() =>
        Testing.Onnx.OnnxModelBuilder.Linear("x", features: 3, weights: [1f, 2f, 3f], bias: 0.5f).Build();
}
