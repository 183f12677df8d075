using Modelplane.Registry.Formats.MlNet;
using Modelplane.Registry.Models;
using Modelplane.Registry.Onnx;

namespace Modelplane.Registry.Tests.Formats.MlNet;

public sealed class MlNetModelFormatTests
{
    private static ModelSignature Inspect(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return new MlNetModelFormat().Inspect(stream);
    }

    [Fact]
    public void Matches_ZipHeader_True() => Assert.True(new MlNetModelFormat().Matches("PK\x03\x04rest"u8));

    [Fact]
    public void Matches_OnnxHeader_False() =>
        Assert.False(new MlNetModelFormat().Matches(Testing.Onnx.OnnxModelBuilder.Linear("x", 1, [1f], 0f).Build()));

    [Fact]
    public void Inspect_BreastCancer_InputIsFeaturesFp32BatchBy30()
    {
        var input = Assert.Single(Inspect(TestZips.BreastCancer()).Inputs);

        Assert.Equal("Features", input.Name);
        Assert.Equal(TensorElementType.Float32, input.ElementType);
        Assert.Equal([-1L, 30L], input.Shape);
    }

    [Fact]
    public void Inspect_BreastCancer_OutputsArePredictedLabelScoreProbability()
    {
        var outputs = Inspect(TestZips.BreastCancer()).Outputs;

        Assert.Equal(["PredictedLabel", "Score", "Probability"], outputs.Select(o => o.Name));
        Assert.Equal([TensorElementType.Bool, TensorElementType.Float32, TensorElementType.Float32], outputs.Select(o => o.ElementType));
        Assert.All(outputs, o => Assert.Equal([-1L, 1L], o.Shape));
    }

    [Fact]
    public void Inspect_LayoutButNotAModel_RefusesWithMlNetsReason()
    {
        var message = Assert.Throws<InvalidModelException>(() => Inspect(TestZips.Build(["TransformerChain/Model.key", "Schema"]))).Message;

        Assert.StartsWith("The artifact is not an ML.NET model: ML.NET could not load it (", message);
    }
}
