using Modelplane.Registry.Onnx;
using Modelplane.Registry.Onnx.Schema;

namespace Modelplane.Registry.Tests.Onnx;

public sealed partial class OnnxModelInspectorTests
{
    [Fact]
    public void Inspect_EmptyStream_RefusesAsNotOnnx()
    {
        var message = Refusal([]);

        Assert.Equal("The artifact is not an ONNX model: the artifact is empty.", message);
    }

    [Fact]
    public void Inspect_RandomBytes_RefusesAsNotOnnx()
    {
        var bytes = new byte[4096];
        new Random(20261128).NextBytes(bytes);

        var message = Refusal(bytes);

        Assert.StartsWith("The artifact is not an ONNX model: ", message);
    }

    [Fact]
    public void Inspect_TruncatedModel_RefusesAsInvalidProtobuf()
    {
        var bytes = File.ReadAllBytes(ExportedModelPath);

        var message = Refusal(bytes[..(bytes.Length / 2)]);

        Assert.StartsWith("The artifact is not an ONNX model: the bytes are not a valid protobuf message", message);
    }

    [Fact]
    public void Inspect_ModelWithoutGraph_RefusesAsNotOnnx()
    {
        var message = Refusal(Mutate(LinearModel(), m => m.Graph = null));

        Assert.Equal("The artifact is not an ONNX model: it has no graph.", message);
    }

    [Fact]
    public void Inspect_GraphWithoutInputs_RefusesAsNotOnnx()
    {
        var message = Refusal(Mutate(LinearModel(), m => m.Graph.Input.Clear()));

        Assert.Equal("The artifact is not an ONNX model: its graph declares no inputs.", message);
    }

    [Fact]
    public void Inspect_GraphWithoutOutputs_RefusesAsNotOnnx()
    {
        var message = Refusal(Mutate(LinearModel(), m => m.Graph.Output.Clear()));

        Assert.Equal("The artifact is not an ONNX model: its graph declares no outputs.", message);
    }

    [Fact]
    public void Inspect_NonSeekableStream_ReadsSignature()
    {
        using var stream = new NonSeekableStream(File.ReadAllBytes(ExportedModelPath));

        var signature = new OnnxModelInspector().Inspect(stream);

        Assert.Equal(["input"], signature.Inputs.Select(i => i.Name));
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
