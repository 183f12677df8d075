using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Modelplane.Registry.Models;

[assembly: AssemblyFixture(typeof(Modelplane.Serving.Tests.TestModels.LrModel))]

namespace Modelplane.Serving.Tests.TestModels;

/// <summary>The bench's breast-cancer logistic regression (lr.onnx), its 200 held-out rows and scikit-learn's answers.</summary>
public sealed class LrModel : IDisposable
{
    public LrModel()
    {
        Artifact = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "lr.onnx"));
        using var samples = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "samples.json")));
        var root = samples.RootElement;
        Rows = [.. root.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray())];
        var lr = root.GetProperty("models").GetProperty("lr");
        Labels = [.. lr.GetProperty("labels").EnumerateArray().Select(v => v.GetInt64())];
        Probabilities = [.. lr.GetProperty("probabilities").EnumerateArray().Select(v => v.GetDouble())];
        Runner = NewFactory().Create(Version, Artifact);
    }

    public static ModelVersion Version { get; } = new(
        "lr", 3, new string('a', 64), 833, "onnx",
        new ModelSignature(
            [new TensorSpec("input", TensorElementType.Float32, [-1, 30])],
            [new TensorSpec("label", TensorElementType.Int64, [-1]), new TensorSpec("probability", TensorElementType.Float32, [-1, 1])]),
        null, new Dictionary<string, string>(), new Dictionary<string, double>(), DateTimeOffset.UnixEpoch);

    public byte[] Artifact { get; }

    public double[][] Rows { get; }

    public long[] Labels { get; }

    public double[] Probabilities { get; }

    public IModelRunner Runner { get; }

    public static ModelRunnerFactory NewFactory(ServingOptions? options = null) => new(Options.Create(options ?? new ServingOptions()));

    /// <summary>An OIP request for rows [from, from+count), with data flat or nested one array per row.</summary>
    public string Request(int from, int count, bool nested = false, string? extra = null)
    {
        var data = new StringBuilder();
        for (var r = from; r < from + count; r++)
        {
            if (r > from)
            {
                data.Append(',');
            }
            var row = string.Join(",", Rows[r].Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            data.Append(nested ? $"[{row}]" : row);
        }
        return $$"""{{{extra}}"inputs":[{"name":"input","shape":[{{count}},30],"datatype":"FP32","data":[{{data}}]}]}""";
    }

    public static JsonDocument Infer(IModelRunner runner, string json, string modelName = "lr")
    {
        var output = new ArrayBufferWriter<byte>();
        runner.Infer(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), output, modelName);
        return JsonDocument.Parse(output.WrittenMemory);
    }

    public JsonDocument Infer(string json, string modelName = "lr") => Infer(Runner, json, modelName);

    public static InferenceRequestException Reject(IModelRunner runner, string json) =>
        Assert.Throws<InferenceRequestException>(() => Infer(runner, json).Dispose());

    public InferenceRequestException Reject(string json) => Reject(Runner, json);

    public static JsonElement Output(JsonDocument response, string name) =>
        response.RootElement.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);

    public void Dispose() => Runner.Dispose();
}
