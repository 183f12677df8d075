using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Modelplane.Registry.Formats.MlNet;
using Modelplane.Registry.Models;
using Modelplane.Serving.Tests.TestModels;
using Modelplane.Testing.MlNet;

namespace Modelplane.Serving.Tests.MlNet;

public sealed class MlNetMulticlassTests
{
    private static readonly float[][] Rows = [[0f, 0.1f], [1f, 2.2f], [2f, 4.3f], [1f, 2f]];

    [Fact]
    public void Infer_Multiclass_LabelIsZeroBasedKeyAndScoresEqualMlNetTransform()
    {
        var zip = TinyMlNetModels.Multiclass();
        var ml = new MLContext(seed: 0);
        var model = ml.Model.Load(new MemoryStream(zip), out var schema);
        var version = new ModelVersion(
            "tiny", 1, new string('c', 64), zip.Length, "mlnet", MlNetSignatureReader.Read(model, schema),
            null, new Dictionary<string, string>(), new Dictionary<string, double>(), DateTimeOffset.UnixEpoch);
        var definition = SchemaDefinition.Create(typeof(TinyMlNetModels.VectorInput));
        definition["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2);
        var scored = model.Transform(ml.Data.LoadFromEnumerable(Rows.Select(r => new TinyMlNetModels.VectorInput { Features = r }), definition));
        var expectedLabels = scored.GetColumn<uint>("PredictedLabel").Select(k => (long)k - 1).ToArray();
        var expectedScores = scored.GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
        using var runner = LrModel.NewFactory().Create(version, zip);

        var data = string.Join(",", Rows.SelectMany(r => r).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        using var response = LrModel.Infer(runner, $$"""{"inputs":[{"name":"Features","shape":[{{Rows.Length}},2],"datatype":"FP32","data":[{{data}}]}]}""");

        var label = LrModel.Output(response, "PredictedLabel");
        var score = LrModel.Output(response, "Score");
        Assert.Equal("INT64", label.GetProperty("datatype").GetString());
        Assert.Equal(expectedLabels, label.GetProperty("data").EnumerateArray().Select(v => v.GetInt64()));
        Assert.Equal([Rows.Length, 3], score.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()));
        Assert.All(score.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).Zip(expectedScores), p => Assert.Equal(p.Second, p.First, 1e-5f));
        Assert.Equal(3, expectedLabels.Distinct().Count());
    }

    [Fact]
    public void Infer_ScalarInputs_EachRowTakesOneValuePerColumn()
    {
        var zip = TinyMlNetModels.ScalarRegression();
        var ml = new MLContext(seed: 0);
        var model = ml.Model.Load(new MemoryStream(zip), out var schema);
        var version = new ModelVersion(
            "tiny-reg", 1, new string('d', 64), zip.Length, "mlnet", MlNetSignatureReader.Read(model, schema),
            null, new Dictionary<string, string>(), new Dictionary<string, double>(), DateTimeOffset.UnixEpoch);
        var scored = model.Transform(ml.Data.LoadFromEnumerable(
            [new TinyMlNetModels.ScalarInput { X = 3, Flag = true }, new TinyMlNetModels.ScalarInput { X = 10, Flag = false }]));
        var expected = scored.GetColumn<float>("Score").ToArray();
        using var runner = LrModel.NewFactory().Create(version, zip);

        using var response = LrModel.Infer(runner, """
            {"inputs":[{"name":"X","shape":[2,1],"datatype":"FP32","data":[3,10]},
                       {"name":"Flag","shape":[2,1],"datatype":"BOOL","data":[true,false]}]}
            """);

        var scores = LrModel.Output(response, "Score").GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(expected.Length, scores.Length);
        Assert.All(scores.Zip(expected), p => Assert.Equal(p.Second, p.First, 1e-5f));
    }

    [Fact]
    public void Infer_InputsWithDifferentBatchSizes_Rejected()
    {
        var zip = TinyMlNetModels.ScalarRegression();
        var model = new MLContext(seed: 0).Model.Load(new MemoryStream(zip), out var schema);
        var version = new ModelVersion(
            "tiny-reg", 1, new string('d', 64), zip.Length, "mlnet", MlNetSignatureReader.Read(model, schema),
            null, new Dictionary<string, string>(), new Dictionary<string, double>(), DateTimeOffset.UnixEpoch);
        using var runner = LrModel.NewFactory().Create(version, zip);

        var error = LrModel.Reject(runner, """
            {"inputs":[{"name":"X","shape":[2,1],"datatype":"FP32","data":[3,10]},
                       {"name":"Flag","shape":[1,1],"datatype":"BOOL","data":[true]}]}
            """);

        Assert.Equal("Input 'Flag' has 1 rows but 'X' has 2; all inputs must have the same batch size.", error.Message);
    }
}
