using System.Text.Json;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.Onnx;

public sealed class OnnxModelRunnerTests(LrModel lr)
{
    [Fact]
    public void Infer_OneRow_MatchesScikitLearn()
    {
        using var response = lr.Infer(lr.Request(0, 1));

        var label = LrModel.Output(response, "label");
        var probability = LrModel.Output(response, "probability");
        Assert.Equal(lr.Labels[0], label.GetProperty("data")[0].GetInt64());
        Assert.Equal(lr.Probabilities[0], probability.GetProperty("data")[0].GetDouble(), 1e-5);
        Assert.Equal([1L], label.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal([1L, 1L], probability.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
    }

    [Fact]
    public void Infer_AllRowsAsOneBatch_MatchesScikitLearn()
    {
        using var response = lr.Infer(lr.Request(0, lr.Rows.Length));

        var labels = LrModel.Output(response, "label").GetProperty("data").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        var probabilities = LrModel.Output(response, "probability").GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(lr.Labels, labels);
        Assert.Equal(lr.Probabilities.Length, probabilities.Length);
        for (var i = 0; i < probabilities.Length; i++)
        {
            Assert.Equal(lr.Probabilities[i], probabilities[i], 1e-5);
        }
    }

    [Fact]
    public void Infer_NestedData_GivesSameResultAsFlat()
    {
        using var flat = lr.Infer(lr.Request(10, 5));
        using var nested = lr.Infer(lr.Request(10, 5, nested: true));

        Assert.Equal(flat.RootElement.GetProperty("outputs").GetRawText(), nested.RootElement.GetProperty("outputs").GetRawText());
        Assert.Equal(lr.Labels[10..15], LrModel.Output(nested, "label").GetProperty("data").EnumerateArray().Select(v => v.GetInt64()));
    }

    [Fact]
    public void Infer_Response_EchoesModelNameVersionAndId()
    {
        using var response = lr.Infer(lr.Request(0, 1, extra: """ "id":"req-\u00e9-42", """), modelName: "cancer-endpoint");

        var root = response.RootElement;
        Assert.Equal("cancer-endpoint", root.GetProperty("model_name").GetString());
        Assert.Equal("3", root.GetProperty("model_version").GetString());
        Assert.Equal("req-é-42", root.GetProperty("id").GetString());
    }

    [Fact]
    public void Infer_NoId_OmitsId()
    {
        using var response = lr.Infer(lr.Request(0, 1));

        Assert.False(response.RootElement.TryGetProperty("id", out _));
    }

    [Fact]
    public void Infer_NoRequestedOutputs_ReturnsAllInSignatureOrder()
    {
        using var response = lr.Infer(lr.Request(0, 1));

        var outputs = response.RootElement.GetProperty("outputs").EnumerateArray().ToList();
        Assert.Equal(["label", "probability"], outputs.Select(o => o.GetProperty("name").GetString()));
        Assert.Equal(["INT64", "FP32"], outputs.Select(o => o.GetProperty("datatype").GetString()));
    }

    [Fact]
    public void Infer_RequestedOutputs_ReturnsOnlyThoseInRequestedOrder()
    {
        using var one = lr.Infer(lr.Request(0, 1, extra: """ "outputs":[{"name":"probability"}], """));
        using var both = lr.Infer(lr.Request(0, 1, extra: """ "outputs":[{"name":"probability","parameters":{}},{"name":"label"}], """));

        Assert.Equal(["probability"], one.RootElement.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.Equal(["probability", "label"], both.RootElement.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }

    [Fact]
    public void Infer_FieldsInAnyOrderWithParameters_Works()
    {
        var row = string.Join(",", lr.Rows[7]);
        var json = $$"""{"parameters":{"x":1},"inputs":[{"data":[{{row}}],"parameters":{"a":[1]},"datatype":"FP32","shape":[1,30],"name":"input"}],"unknown":[1,{"b":2}]}""";

        using var response = lr.Infer(json);

        Assert.Equal(lr.Labels[7], LrModel.Output(response, "label").GetProperty("data")[0].GetInt64());
        Assert.Equal(lr.Probabilities[7], LrModel.Output(response, "probability").GetProperty("data")[0].GetDouble(), 1e-5);
    }

    [Fact]
    public void Infer_AlternatingBatchSizes_EachMatchesScikitLearn()
    {
        for (var i = 0; i < 6; i++)
        {
            var count = i % 2 == 0 ? 1 : 7;
            using var response = lr.Infer(lr.Request(i * 10, count));
            Assert.Equal(lr.Labels[(i * 10)..(i * 10 + count)], LrModel.Output(response, "label").GetProperty("data").EnumerateArray().Select(v => v.GetInt64()));
        }
    }

    [Fact]
    public async Task Infer_EightConcurrentThreads_AllResultsCorrect()
    {
        var errors = 0;
        var tasks = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                var row = (t * 25 + i) % lr.Rows.Length;
                var count = 1 + (i % 3);
                var last = Math.Min(row + count, lr.Rows.Length);
                using var response = lr.Infer(lr.Request(row, last - row));
                var labels = LrModel.Output(response, "label").GetProperty("data").EnumerateArray().Select(v => v.GetInt64()).ToArray();
                var probabilities = LrModel.Output(response, "probability").GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
                for (var k = 0; k < labels.Length; k++)
                {
                    if (labels[k] != lr.Labels[row + k] || Math.Abs(probabilities[k] - lr.Probabilities[row + k]) > 1e-5)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }
        }, TestContext.Current.CancellationToken));

        await Task.WhenAll(tasks);

        Assert.Equal(0, errors);
    }

    [Fact]
    public void Infer_AfterDispose_ThrowsObjectDisposed()
    {
        var runner = LrModel.NewFactory().Create(LrModel.Version, lr.Artifact);
        runner.Dispose();

        Assert.Throws<ObjectDisposedException>(() => LrModel.Infer(runner, lr.Request(0, 1)).Dispose());
    }
}
