using System.Text.Json;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.MlNet;

public sealed class MlNetModelRunnerTests(BreastCancerMlNetFixture model) : IClassFixture<BreastCancerMlNetFixture>
{
    private const float Tolerance = 1e-5f;

    private int RowCount => model.Samples.Rows.Length;

    private static float[] Floats(JsonDocument response, string name) =>
        [.. LrModel.Output(response, name).GetProperty("data").EnumerateArray().Select(v => v.GetSingle())];

    [Fact]
    public void Infer_HeldOutRows_ProbabilitiesEqualMlNetTransform()
    {
        using var response = LrModel.Infer(model.Runner, model.Request(0, RowCount));

        var probabilities = Floats(response, "Probability");

        Assert.Equal(RowCount, probabilities.Length);
        Assert.All(probabilities.Zip(model.Probabilities), p => Assert.Equal(p.Second, p.First, Tolerance));
    }

    [Fact]
    public void Infer_HeldOutRows_ScoresAndLabelsEqualMlNetTransform()
    {
        using var response = LrModel.Infer(model.Runner, model.Request(0, RowCount));

        var labels = LrModel.Output(response, "PredictedLabel").GetProperty("data").EnumerateArray().Select(v => v.GetBoolean());

        Assert.All(Floats(response, "Score").Zip(model.Scores), p => Assert.Equal(p.Second, p.First, Tolerance));
        Assert.Equal(model.Labels, labels);
    }

    [Fact]
    public void Infer_HeldOutRows_ProbabilitiesMatchTheSamplesFile()
    {
        using var response = LrModel.Infer(model.Runner, model.Request(0, RowCount));

        Assert.All(Floats(response, "Probability").Zip(model.Samples.Rows), p => Assert.Equal(p.Second.Probability, p.First, Tolerance));
    }

    [Fact]
    public void Infer_TwoRows_ResponseHasOipShapeDatatypeAndEchoesId()
    {
        using var response = LrModel.Infer(model.Runner, model.Request(3, 2), "bc");

        var root = response.RootElement;
        Assert.Equal("bc", root.GetProperty("model_name").GetString());
        Assert.Equal("1", root.GetProperty("model_version").GetString());
        Assert.Equal("r1", root.GetProperty("id").GetString());
        var probability = LrModel.Output(response, "Probability");
        Assert.Equal("FP32", probability.GetProperty("datatype").GetString());
        Assert.Equal([2, 1], probability.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal("BOOL", LrModel.Output(response, "PredictedLabel").GetProperty("datatype").GetString());
    }

    [Fact]
    public void Infer_RequestedOutputOnly_ReturnsJustThat()
    {
        var json = model.Request(0, 1).Replace("{\"id\"", "{\"outputs\":[{\"name\":\"Score\"}],\"id\"", StringComparison.Ordinal);

        using var response = LrModel.Infer(model.Runner, json);

        var output = Assert.Single(response.RootElement.GetProperty("outputs").EnumerateArray());
        Assert.Equal("Score", output.GetProperty("name").GetString());
    }

    [Fact]
    public void Infer_WrongWidth_RejectedWithTheOnnxRunnersMessage()
    {
        var error = LrModel.Reject(model.Runner, """{"inputs":[{"name":"Features","shape":[1,2],"datatype":"FP32","data":[1,2]}]}""");

        Assert.Equal("Input 'Features' has shape [1,2]; the model expects [-1,30].", error.Message);
    }

    [Fact]
    public void Infer_WrongDatatype_Rejected()
    {
        var error = LrModel.Reject(model.Runner, model.Request(0, 1).Replace("FP32", "FP64", StringComparison.Ordinal));

        Assert.Equal("Input 'Features' has datatype FP64; the model expects FP32.", error.Message);
    }

    [Fact]
    public async Task Infer_ConcurrentCalls_EachGetsItsOwnRowsAnswer()
    {
        var tasks = Enumerable.Range(0, 64).Select(i => Task.Run(() =>
        {
            var row = i % RowCount;
            using var response = LrModel.Infer(model.Runner, model.Request(row, 1));
            return (row, Floats(response, "Probability")[0]);
        }));

        var results = await Task.WhenAll(tasks);

        Assert.All(results, r => Assert.Equal(model.Probabilities[r.row], r.Item2, Tolerance));
    }

    [Fact]
    public void Infer_AfterDispose_ThrowsObjectDisposed()
    {
        var runner = LrModel.NewFactory().Create(model.Version, model.Artifact);
        runner.Dispose();

        Assert.Throws<ObjectDisposedException>(() => LrModel.Infer(runner, model.Request(0, 1)).Dispose());
    }
}
