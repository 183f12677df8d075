using Modelplane.Registry.Models;
using Modelplane.Testing.Onnx;

namespace Modelplane.Serving.Tests.TestModels;

/// <summary>An Identity graph <c>y = x</c> of any element type, for round-tripping every datatype through the runner.</summary>
internal static class IdentityOnnx
{
    /// <summary>Input <c>x</c> and output <c>y</c> of <paramref name="type"/> and <paramref name="shape"/>.</summary>
    public static byte[] Build(TensorElementType type, params long[] shape) => Build(type, shape, shape, "N");

    /// <summary>An Identity graph whose declared output shape (with its own symbol) may differ from the input's.</summary>
    public static byte[] Build(TensorElementType type, long[] shape, long[] outputShape, string outputSymbol) =>
        OnnxModelBuilder.Identity("x", type, shape, "y").WithOutputShape(outputShape, outputSymbol).Build();

    /// <summary>The version record matching <see cref="Build(TensorElementType, long[])"/>.</summary>
    public static ModelVersion Version(TensorElementType type, params long[] shape) => Version(type, shape, shape);

    /// <summary>The version record matching <see cref="Build(TensorElementType, long[], long[], string)"/>.</summary>
    public static ModelVersion Version(TensorElementType type, long[] shape, long[] outputShape) => new(
        "identity", 1, new string('0', 64), 0, "onnx",
        new ModelSignature([new TensorSpec("x", type, shape)], [new TensorSpec("y", type, outputShape)]),
        null, new Dictionary<string, string>(), new Dictionary<string, double>(), DateTimeOffset.UnixEpoch);
}
