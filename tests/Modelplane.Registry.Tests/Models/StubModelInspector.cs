using System.Text;
using Modelplane.Registry.Formats;
using Modelplane.Registry.Models;
using Modelplane.Registry.Onnx;

namespace Modelplane.Registry.Tests.Models;

/// <summary>
/// Stands in for the ONNX inspector, which another suite tests with real models: accepts any bytes except those
/// starting with "BAD", and reports their length as the input's second dimension so tests can see what it read.
/// </summary>
internal sealed class StubModelInspector : IModelInspector
{
    public int Calls { get; private set; }

    public InspectedModel Inspect(Stream artifact)
    {
        Calls++;
        using var copy = new MemoryStream();
        artifact.CopyTo(copy);
        var bytes = copy.ToArray();
        if (bytes.AsSpan().StartsWith("BAD"u8))
        {
            throw new InvalidModelException("The artifact is not an ONNX model.");
        }

        return new InspectedModel(
            ModelFormatNames.Onnx,
            new ModelSignature(
                [new TensorSpec("input", TensorElementType.Float32, [TensorSpec.DynamicDimension, bytes.Length])],
                [new TensorSpec("output", TensorElementType.Float32, [TensorSpec.DynamicDimension, 1])]));
    }

    public static byte[] Refused { get; } = Encoding.ASCII.GetBytes("BAD model bytes");
}
