using Modelplane.Registry.Formats.MlNet;
using Modelplane.Registry.Models;
using Modelplane.Registry.Onnx;
using Modelplane.Testing.MlNet;

namespace Modelplane.Registry.Tests.Formats.MlNet;

public sealed class MlNetSignatureReaderTests
{
    private static ModelSignature Inspect(byte[] zip)
    {
        using var stream = new MemoryStream(zip);
        return new MlNetModelFormat().Inspect(stream);
    }

    [Fact]
    public void Read_ScalarSingleAndBooleanInputs_AreBatchByOne()
    {
        var signature = Inspect(TinyMlNetModels.ScalarRegression());

        Assert.Equal(["X Float32 -1,1", "Flag Bool -1,1"], signature.Inputs.Select(i => $"{i.Name} {i.ElementType} {string.Join(",", i.Shape)}"));
    }

    [Fact]
    public void Read_Regression_OutputIsScoreOnly()
    {
        var output = Assert.Single(Inspect(TinyMlNetModels.ScalarRegression()).Outputs);

        Assert.Equal(("Score", TensorElementType.Float32), (output.Name, output.ElementType));
    }

    [Fact]
    public void Read_Multiclass_PredictedLabelIsInt64AndScoreHasOneColumnPerClass()
    {
        var outputs = Inspect(TinyMlNetModels.Multiclass()).Outputs;

        Assert.Equal(["PredictedLabel Int64 -1,1", "Score Float32 -1,3"], outputs.Select(o => $"{o.Name} {o.ElementType} {string.Join(",", o.Shape)}"));
    }

    [Fact]
    public void Read_TextInput_RefusedNamingTheColumn()
    {
        var message = Assert.Throws<InvalidModelException>(() => Inspect(TinyMlNetModels.TextInput())).Message;

        Assert.Equal(
            "The artifact is not an ML.NET model: input 'Text' has type String, which cannot be served (Single, Double, Int32, Int64 and Boolean can).",
            message);
    }
}
