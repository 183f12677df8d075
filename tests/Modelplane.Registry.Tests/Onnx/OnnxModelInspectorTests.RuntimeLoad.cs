using Modelplane.Registry.Onnx;
using Modelplane.Testing.Onnx;

namespace Modelplane.Registry.Tests.Onnx;

public sealed partial class OnnxModelInspectorTests
{
    [Fact]
    public void Inspect_UnknownOperatorInDefaultDomain_RefusesWithOnnxRuntimeReason()
    {
        var bytes = OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f).WithNode("NoSuchOp", ["x"], ["z"]).Build();

        var message = Refusal(bytes);

        Assert.StartsWith("ONNX Runtime cannot load the model: ", message);
        Assert.Contains("NoSuchOp", message);
    }

    [Fact]
    public void Inspect_MismatchedElementTypes_RefusesWithOnnxRuntimeReason()
    {
        var bytes = Mutate(LinearModel(), m => m.Graph.Input[0].Type.TensorType.ElemType = 7);

        var message = Refusal(bytes);

        Assert.StartsWith("ONNX Runtime cannot load the model: ", message);
        Assert.Contains("MatMul", message);
    }

    [Fact]
    public void Inspect_OnnxRuntimeRefusal_CarriesNoAbsolutePath()
    {
        var bytes = OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f).WithNode("NoSuchOp", ["x"], ["z"]).Build();

        var message = Refusal(bytes);

        Assert.DoesNotMatch(@"(^|[\s('""])/[\w.\-]+/", message);
    }

    [Theory]
    [InlineData("/onnxruntime_src/onnxruntime/core/graph/model.cc:180 onnxruntime::Model::Model failed", "<path> onnxruntime::Model::Model failed")]
    [InlineData("Load model from /var/lib/modelplane/blobs/ab/cd failed", "Load model from <path> failed")]
    [InlineData("Type (tensor(float)) of input 'x' is invalid", "Type (tensor(float)) of input 'x' is invalid")]
    public void WithoutPaths_OrtMessage_ReplacesOnlyAbsolutePaths(string message, string expected)
    {
        Assert.Equal(expected, OnnxRuntimeLoadCheck.WithoutPaths(message));
    }
}
