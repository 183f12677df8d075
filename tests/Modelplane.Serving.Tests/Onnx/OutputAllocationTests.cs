using Modelplane.Registry.Models;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.Onnx;

/// <summary>Outputs whose shape cannot be predicted from input shapes are allocated by ONNX Runtime instead.</summary>
public sealed class OutputAllocationTests
{
    private const string Request = """{"inputs":[{"name":"x","shape":[2,3],"datatype":"INT32","data":[[1,2,3],[4,5,6]]}]}""";

    [Fact]
    public void Infer_OutputDimensionWithOwnSymbol_ReturnsActualShape()
    {
        var artifact = IdentityOnnx.Build(TensorElementType.Int32, [-1, 3], [-1, 3], "M");
        using var runner = LrModel.NewFactory().Create(IdentityOnnx.Version(TensorElementType.Int32, [-1, 3], [-1, 3]), artifact);

        using var response = LrModel.Infer(runner, Request, "identity");

        var y = LrModel.Output(response, "y");
        Assert.Equal("[2,3]", y.GetProperty("shape").GetRawText());
        Assert.Equal("[1,2,3,4,5,6]", y.GetProperty("data").GetRawText());
    }

    [Fact]
    public void Infer_GraphDeclaresWrongOutputShape_FallsBackAndReturnsActualShape()
    {
        var artifact = IdentityOnnx.Build(TensorElementType.Int32, [-1, 3], [3, -1], "N");
        using var runner = LrModel.NewFactory().Create(IdentityOnnx.Version(TensorElementType.Int32, [-1, 3], [3, -1]), artifact);

        using var first = LrModel.Infer(runner, Request, "identity");
        using var second = LrModel.Infer(runner, Request, "identity");

        Assert.Equal("[2,3]", LrModel.Output(first, "y").GetProperty("shape").GetRawText());
        Assert.Equal("[1,2,3,4,5,6]", LrModel.Output(second, "y").GetProperty("data").GetRawText());
    }
}
