using System.Buffers;
using System.Text;
using Modelplane.Registry.Models;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.Onnx;

/// <summary>ML.NET exports dynamic dimensions without names; the batch convention still lets outputs be preallocated.</summary>
public sealed class UnnamedBatchDimensionTests
{
    private static readonly ModelVersion BreastCancer = new(
        "breast-cancer", 1, new string('b', 64), 0, "onnx",
        new ModelSignature(
            [new TensorSpec("Features", TensorElementType.Float32, [-1, 30])],
            [
                new TensorSpec("PredictedLabel.output", TensorElementType.Bool, [-1, 1]),
                new TensorSpec("Score.output", TensorElementType.Float32, [-1, 1]),
                new TensorSpec("Probability.output", TensorElementType.Float32, [-1, 1]),
            ]),
        null, new Dictionary<string, string>(), new Dictionary<string, double>(), DateTimeOffset.UnixEpoch);

    [Fact]
    public void Infer_UnnamedBatchDimensions_AnswersWithoutAllocatingPerCall()
    {
        var artifact = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", "models", "breast-cancer.onnx"));
        using var runner = LrModel.NewFactory().Create(BreastCancer, artifact);
        var body = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(
            $$"""{"inputs":[{"name":"Features","shape":[1,30],"datatype":"FP32","data":[{{string.Join(",", Enumerable.Repeat("1", 30))}}]}]}"""));
        var output = new ArrayBufferWriter<byte>(4096);
        for (var i = 0; i < 100; i++)
        {
            output.ResetWrittenCount();
            runner.Infer(body, output, "bc");
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            output.ResetWrittenCount();
            runner.Infer(body, output, "bc");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Contains("\"shape\":[1,1]", Encoding.UTF8.GetString(output.WrittenSpan), StringComparison.Ordinal);
    }

    [Fact]
    public void Infer_UnnamedBatchDimensionsAlternatingBatchSizes_ShapesFollowTheBatch()
    {
        var artifact = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", "models", "breast-cancer.onnx"));
        using var runner = LrModel.NewFactory().Create(BreastCancer, artifact);

        foreach (var rows in new[] { 1, 3, 1, 2 })
        {
            var data = string.Join(",", Enumerable.Repeat("0.5", 30 * rows));
            using var response = LrModel.Infer(runner, $$"""{"inputs":[{"name":"Features","shape":[{{rows}},30],"datatype":"FP32","data":[{{data}}]}]}""", "bc");

            Assert.Equal($"[{rows},1]", LrModel.Output(response, "Probability.output").GetProperty("shape").GetRawText());
            Assert.Equal(rows, LrModel.Output(response, "Probability.output").GetProperty("data").GetArrayLength());
        }
    }
}
