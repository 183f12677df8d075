using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Modelplane.Serving.Tests.DemoModels;

/// <summary>The checked-in iris.onnx, run by ONNX Runtime on its held-out rows.</summary>
public sealed class IrisModelTests(IrisModelFixture model) : IClassFixture<IrisModelFixture>
{
    private const double AccuracyBar = 0.90;
    private const float Tolerance = 1e-5f;

    private MulticlassSample[] Rows => model.Samples.Rows;

    private int Classes => model.Samples.ClassNames.Length;

    private long[] OrtLabels => model.Ort.Output<long>("PredictedLabel.output");

    /// <summary>The ORT probabilities of row <paramref name="row"/> (Score.output is row-major [N, classes]).</summary>
    private float[] OrtProbabilities(int row) => model.Ort.Output<float>("Score.output").AsSpan(row * Classes, Classes).ToArray();

    [Fact]
    public void InputMetadata_CheckedInModel_IsFeaturesFloatBatchBy4()
    {
        var (name, meta) = Assert.Single(model.Ort.Session.InputMetadata);

        Assert.Equal("Features", name);
        Assert.Equal(TensorElementType.Float, meta.ElementDataType);
        Assert.Equal([-1, 4], meta.Dimensions);
    }

    [Fact]
    public void OutputMetadata_CheckedInModel_IsClassIndexAndPerClassProbabilities()
    {
        var outputs = model.Ort.Session.OutputMetadata;

        Assert.Equal(model.Samples.Outputs, model.Ort.Session.OutputNames);
        Assert.Equal(TensorElementType.Int64, outputs["PredictedLabel.output"].ElementDataType);
        Assert.Equal([-1, 1], outputs["PredictedLabel.output"].Dimensions);
        Assert.Equal(TensorElementType.Float, outputs["Score.output"].ElementDataType);
        Assert.Equal([-1, 3], outputs["Score.output"].Dimensions);
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
        Assert.Equal(Rows.Select(r => (long)r.PredictedLabel), OrtLabels);
    }

    [Fact]
    public void Run_HeldOutRows_ProbabilitiesMatchMlNet()
    {
        Assert.All(Rows.Select((r, i) => (r.Probabilities, Ort: OrtProbabilities(i))), p =>
        {
            Assert.Equal(p.Probabilities.Length, p.Ort.Length);
            Assert.All(p.Ort.Select((o, k) => (Ort: o, MlNet: p.Probabilities[k])), v => Assert.Equal(v.MlNet, v.Ort, Tolerance));
        });
    }

    [Fact]
    public void Run_HeldOutRows_ProbabilitiesSumToOne()
    {
        Assert.All(Enumerable.Range(0, Rows.Length), i => Assert.Equal(1f, OrtProbabilities(i).Sum(), Tolerance));
    }

    [Fact]
    public void Run_HeldOutRows_PredictedLabelIsMostProbableClass()
    {
        var labels = OrtLabels;

        Assert.All(Enumerable.Range(0, Rows.Length), i =>
        {
            var probabilities = OrtProbabilities(i);
            Assert.Equal(Array.IndexOf(probabilities, probabilities.Max()), labels[i]);
        });
    }

    [Fact]
    public void SamplesFile_HeldOutRows_AreEveryFifthCsvRow()
    {
        var csv = DemoSamples.CsvFeatures("iris.csv");
        var expected = csv.Where((_, i) => i % 5 == 0).ToArray();

        Assert.Equal(expected.Length, Rows.Length);
        Assert.All(Rows.Select((r, i) => (r.Features, Csv: expected[i])), p => Assert.Equal(p.Csv, p.Features));
        Assert.Equal(4, model.Samples.FeatureNames.Length);
    }

    private double Accuracy()
    {
        var ort = OrtLabels;
        return Rows.Where((r, i) => ort[i] == r.Label).Count() / (double)Rows.Length;
    }
}
