using Microsoft.ML.OnnxRuntime;
using Modelplane.Registry.Models;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests;

public sealed class ModelRunnerFactoryTests(LrModel lr)
{
    [Fact]
    public void Create_HandBuiltLrSignature_MatchesOnnxRuntimeMetadata()
    {
        using var session = new InferenceSession(lr.Artifact);

        var input = Assert.Single(session.InputMetadata);
        Assert.Equal("input", input.Key);
        Assert.Equal([-1, 30], input.Value.Dimensions);
        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, input.Value.ElementDataType);
        Assert.Equal(["label", "probability"], session.OutputMetadata.Keys.Order());
        Assert.Equal([-1], session.OutputMetadata["label"].Dimensions);
        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64, session.OutputMetadata["label"].ElementDataType);
        Assert.Equal([-1, 1], session.OutputMetadata["probability"].Dimensions);
    }

    [Fact]
    public void Create_SignatureDisagreesWithGraph_ThrowsInvalidOperation()
    {
        var wrong = LrModel.Version with
        {
            Signature = new ModelSignature([new TensorSpec("input", TensorElementType.Float64, [-1, 30])], LrModel.Version.Signature.Outputs),
        };

        var ex = Assert.Throws<InvalidOperationException>(() => LrModel.NewFactory().Create(wrong, lr.Artifact));

        Assert.Contains("'input'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SignatureNamesMissingInput_ThrowsInvalidOperation()
    {
        var wrong = LrModel.Version with
        {
            Signature = new ModelSignature([new TensorSpec("features", TensorElementType.Float32, [-1, 30])], LrModel.Version.Signature.Outputs),
        };

        var ex = Assert.Throws<InvalidOperationException>(() => LrModel.NewFactory().Create(wrong, lr.Artifact));

        Assert.Contains("'features'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_CorruptArtifact_ThrowsInvalidOperation()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => LrModel.NewFactory().Create(LrModel.Version, [1, 2, 3, 4]));

        Assert.StartsWith("ONNX Runtime could not load lr@3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FormatWithoutRuntime_ThrowsNotSupported()
    {
        Assert.Throws<NotSupportedException>(() => LrModel.NewFactory().Create(LrModel.Version with { Format = "pmml" }, lr.Artifact));
    }

    [Fact]
    public void Create_FixedShapeAboveElementLimit_ThrowsInvalidOperation()
    {
        var factory = LrModel.NewFactory(new ServingOptions { MaxTensorElements = 4 });

        var ex = Assert.Throws<InvalidOperationException>(() =>
            factory.Create(IdentityOnnx.Version(TensorElementType.Float32, 1, 8), IdentityOnnx.Build(TensorElementType.Float32, 1, 8)));

        Assert.Contains("Warm-up", ex.Message, StringComparison.Ordinal);
    }
}
