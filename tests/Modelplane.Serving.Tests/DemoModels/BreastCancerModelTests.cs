using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Modelplane.Serving.Tests.DemoModels;

/// <summary>The checked-in breast-cancer.onnx, run by ONNX Runtime on its held-out rows.</summary>
public sealed class BreastCancerModelTests(BreastCancerModelFixture model) : IClassFixture<BreastCancerModelFixture>
{
    private const double AccuracyBar = 0.90;
    private const float Tolerance = 1e-5f;

    private BinarySample[] Rows => model.Samples.Rows;

    private bool[] OrtLabels => model.Ort.Output<bool>("PredictedLabel.output");

    private float[] OrtProbabilities => model.Ort.Output<float>("Probability.output");

    [Fact]
    public void InputMetadata_CheckedInModel_IsFeaturesFloatBatchBy30()
    {
        var (name, meta) = Assert.Single(model.Ort.Session.InputMetadata);

        Assert.Equal("Features", name);
        Assert.Equal(TensorElementType.Float, meta.ElementDataType);
        Assert.Equal([-1, 30], meta.Dimensions);
    }

    [Fact]
    public void OutputMetadata_CheckedInModel_IsLabelScoreProbabilityAsListedInSamples()
    {
        var outputs = model.Ort.Session.OutputMetadata;

        Assert.Equal(model.Samples.Outputs, model.Ort.Session.OutputNames);
        Assert.Equal(TensorElementType.Bool, outputs["PredictedLabel.output"].ElementDataType);
        Assert.Equal(TensorElementType.Float, outputs["Score.output"].ElementDataType);
        Assert.Equal(TensorElementType.Float, outputs["Probability.output"].ElementDataType);
        Assert.All(outputs.Values, o => Assert.Equal([-1, 1], o.Dimensions));
    }

    [Fact]
    public void Run_HeldOutRows_AccuracyMeetsBar()
    {
        var accuracy = Accuracy();

        Assert.True(accuracy >= AccuracyBar, $"held-out accuracy {accuracy:F4} is below {AccuracyBar}");
    }

    [Fact]
    public void Run_HeldOutRows_AccuracyEqualsRecordedMetric()
    {
        Assert.Equal(model.Samples.Metrics["accuracy"], Accuracy(), precision: 4);
    }

    [Fact]
    public void Run_HeldOutRows_PredictedLabelsMatchMlNet()
    {
        var mlnet = Rows.Select(r => r.PredictedLabel == 1);

        Assert.Equal(mlnet, OrtLabels);
    }

    [Fact]
    public void Run_HeldOutRows_ProbabilitiesMatchMlNet()
    {
        var ort = OrtProbabilities;

        Assert.All(Rows.Select((r, i) => (r.Probability, Ort: ort[i])), p => Assert.Equal(p.Probability, p.Ort, Tolerance));
    }

    [Fact]
    public void Run_HeldOutRows_ScoresMatchMlNetRelatively()
    {
        var ort = model.Ort.Output<float>("Score.output");

        // Raw logits reach about ±20, so compare relative to their size.
        Assert.All(Rows.Select((r, i) => (r.Score, Ort: ort[i])),
            s => Assert.True(Math.Abs(s.Score - s.Ort) <= Tolerance * Math.Max(1, Math.Abs(s.Score)), $"ML.NET {s.Score} vs ORT {s.Ort}"));
    }

    [Fact]
    public void SamplesFile_HeldOutRows_AreEveryFifthCsvRow()
    {
        var csv = DemoSamples.CsvFeatures("breast_cancer.csv");
        var expected = csv.Where((_, i) => i % 5 == 0).ToArray();

        Assert.Equal(expected.Length, Rows.Length);
        Assert.All(Rows.Select((r, i) => (r.Features, Csv: expected[i])), p => Assert.Equal(p.Csv, p.Features));
        Assert.Equal(30, model.Samples.FeatureNames.Length);
    }

    private double Accuracy()
    {
        var ort = OrtLabels;
        return Rows.Where((r, i) => ort[i] == (r.Label == 1)).Count() / (double)Rows.Length;
    }
}
