using Modelplane.Registry.Models;
using Modelplane.Testing.Onnx;

namespace Modelplane.Registry.Tests.Onnx;

public sealed partial class OnnxModelInspectorTests
{
    [Fact]
    public void Inspect_ExportedLogisticRegression_ReadsInputWithBatchAndFeatureDims()
    {
        var signature = Inspect(File.ReadAllBytes(ExportedModelPath));

        var input = Assert.Single(signature.Inputs);
        Assert.Equal("input", input.Name);
        Assert.Equal(TensorElementType.Float32, input.ElementType);
        Assert.Equal([TensorSpec.DynamicDimension, 30], input.Shape);
        Assert.Equal(["N", null], input.DimensionNames!);
    }

    [Fact]
    public void Inspect_ExportedLogisticRegression_ReadsLabelAndProbabilityOutputs()
    {
        var signature = Inspect(File.ReadAllBytes(ExportedModelPath));

        Assert.Collection(
            signature.Outputs,
            label =>
            {
                Assert.Equal(("label", TensorElementType.Int64), (label.Name, label.ElementType));
                Assert.Equal([TensorSpec.DynamicDimension], label.Shape);
            },
            probability =>
            {
                Assert.Equal(("probability", TensorElementType.Float32), (probability.Name, probability.ElementType));
                Assert.Equal([TensorSpec.DynamicDimension, 1], probability.Shape);
            });
    }

    [Fact]
    public void Inspect_LinearModel_ListsOnlyTheRealInputNotTheInitializers()
    {
        var signature = Inspect(LinearModel());

        var input = Assert.Single(signature.Inputs);
        Assert.Equal(("x", TensorElementType.Float32), (input.Name, input.ElementType));
        Assert.Equal([TensorSpec.DynamicDimension, 3], input.Shape);
    }

    [Fact]
    public void Inspect_InitializersListedAsInputs_OmitsThemFromInputs()
    {
        var bytes = OnnxModelBuilder.Linear("x", 2, [1f, 2f, 3f, 4f], [0f, 1f]).WithInitializersListedAsInputs().Build();

        var signature = Inspect(bytes);

        Assert.Equal(["x"], signature.Inputs.Select(i => i.Name));
    }

    [Theory]
    [InlineData(TensorElementType.Float32)]
    [InlineData(TensorElementType.Float64)]
    [InlineData(TensorElementType.Float16)]
    [InlineData(TensorElementType.Int8)]
    [InlineData(TensorElementType.Int16)]
    [InlineData(TensorElementType.Int32)]
    [InlineData(TensorElementType.Int64)]
    [InlineData(TensorElementType.UInt8)]
    [InlineData(TensorElementType.UInt16)]
    [InlineData(TensorElementType.UInt32)]
    [InlineData(TensorElementType.UInt64)]
    [InlineData(TensorElementType.Bool)]
    [InlineData(TensorElementType.String)]
    public void Inspect_IdentityModel_MapsElementTypeOfInputAndOutput(TensorElementType elementType)
    {
        var signature = Inspect(OnnxModelBuilder.Identity("t", elementType, [-1, 4]).Build());

        Assert.Equal(elementType, Assert.Single(signature.Inputs).ElementType);
        Assert.Equal(elementType, Assert.Single(signature.Outputs).ElementType);
    }

    [Fact]
    public void Inspect_FixedShape_KeepsDimensionsWithoutNames()
    {
        var signature = Inspect(OnnxModelBuilder.Identity("t", TensorElementType.Float32, [2, 3, 5]).Build());

        var input = Assert.Single(signature.Inputs);
        Assert.Equal([2, 3, 5], input.Shape);
        Assert.Null(input.DimensionNames);
    }

    [Fact]
    public void Inspect_DimensionWithoutValueOrName_IsDynamicAndUnnamed()
    {
        var bytes = Mutate(
            OnnxModelBuilder.Identity("t", TensorElementType.Float32, [-1, 4]).Build(),
            m => m.Graph.Input[0].Type.TensorType.Shape.Dim[1].ClearValue());

        var input = Assert.Single(Inspect(bytes).Inputs);

        Assert.Equal([TensorSpec.DynamicDimension, TensorSpec.DynamicDimension], input.Shape);
        Assert.Equal(["N", null], input.DimensionNames!);
    }

    [Fact]
    public void Inspect_StringInput_ListsItAsString()
    {
        var signature = Inspect(OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f).WithStringInput("comment").Build());

        var comment = signature.Inputs.Single(i => i.Name == "comment");
        Assert.Equal(TensorElementType.String, comment.ElementType);
    }

    [Fact]
    public void Inspect_SequenceOutput_RefusesNamingTheOutput()
    {
        var message = Refusal(OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f).WithSequenceOutput("rows").Build());

        Assert.StartsWith("The model output 'rows' is a sequence, not a tensor", message);
    }

    [Fact]
    public void Inspect_SequenceInput_RefusesNamingTheInput()
    {
        var message = Refusal(OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f).WithSequenceInput("history").Build());

        Assert.StartsWith("The model input 'history' is a sequence, not a tensor", message);
    }

    [Fact]
    public void Inspect_UnservableElementType_RefusesNamingInputAndType()
    {
        const int bfloat16 = 16;
        var bytes = Mutate(LinearModel(), m => m.Graph.Input[0].Type.TensorType.ElemType = bfloat16);

        var message = Refusal(bytes);

        Assert.Equal("The model input 'x' has element type BFLOAT16, which Modelplane cannot serve.", message);
    }

    [Fact]
    public void Inspect_InputWithoutShape_RefusesNamingTheInput()
    {
        var message = Refusal(Mutate(LinearModel(), m => m.Graph.Input[0].Type.TensorType.Shape = null));

        Assert.StartsWith("The model input 'x' declares no shape", message);
    }
}
