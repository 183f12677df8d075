using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Modelplane.Registry.Models;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Tests.Execution;

/// <summary>A real ONNX Runtime runner with dynamic batching, driven by concurrent OIP JSON calls.</summary>
internal sealed class BatchingHarness : IDisposable
{
    private static readonly ServingOptions Options = new();

    private BatchingHarness(IModelRunner runner, FakeTimeProvider? time)
    {
        Runner = runner;
        Time = time;
    }

    public IModelRunner Runner { get; }

    /// <summary>The clock of delays and timeouts when the test drives time; null on the real clock.</summary>
    public FakeTimeProvider? Time { get; }

    public static ModelVersion Mlp { get; } = new(
        "mlp", 1, new string('b', 64), 25515, "onnx",
        new ModelSignature([new TensorSpec("input", TensorElementType.Float32, [-1, 30])], [new TensorSpec("probabilities", TensorElementType.Float32, [-1, 2])]),
        null, new Dictionary<string, string>(), new Dictionary<string, double>(), DateTimeOffset.UnixEpoch);

    public static byte[] MlpArtifact { get; } = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "mlp-30x64x64x2.onnx"));

    /// <summary>Loads <paramref name="version"/> with <paramref name="batching"/> (null: off); a fake clock unless <paramref name="realTime"/>.</summary>
    public static BatchingHarness Create(ModelVersion version, byte[] artifact, BatchingSettings? batching, int maxQueue = 256, bool realTime = false)
    {
        var time = realTime ? null : new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var factory = new ModelRunnerFactory(Microsoft.Extensions.Options.Options.Create(Options), (TimeProvider?)time ?? TimeProvider.System);
        var settings = ExecutionSettings.From(Options) with { MaxQueue = maxQueue, Batching = batching };
        return new BatchingHarness(factory.Create(version, artifact, settings), time);
    }

    public static BatchingSettings Batching(int maxBatchSize, double delayMs, params int[] preferred) =>
        new(maxBatchSize, TimeSpan.FromMilliseconds(delayMs), preferred);

    /// <summary>Starts one call; the task ends with the response document.</summary>
    public Task<JsonDocument> SendAsync(string json, TimeSpan timeout = default) => Send(Runner, json, timeout, CancellationToken.None);

    /// <summary>Starts one call that the client abandons when <paramref name="aborted"/> is signalled.</summary>
    public Task<JsonDocument> SendAbandonable(string json, CancellationToken aborted) => Send(Runner, json, TimeSpan.Zero, aborted);

    private static async Task<JsonDocument> Send(IModelRunner runner, string json, TimeSpan timeout, CancellationToken aborted)
    {
        var output = new ArrayBufferWriter<byte>();
        var body = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json));
        await runner.InferAsync(new OipJsonCodec(body, output, Options), new InferenceCall(runner.Version.Model, timeout, aborted));
        return JsonDocument.Parse(output.WrittenMemory);
    }

    /// <summary>An OIP request of <paramref name="rows"/> for the 30-feature input.</summary>
    public static string Request(IEnumerable<double[]> rows, string? id = null)
    {
        var list = rows.ToList();
        var data = string.Join(",", list.SelectMany(r => r).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var idPart = id is null ? "" : $"\"id\":\"{id}\",";
        return $$"""{{{idPart}}"inputs":[{"name":"input","shape":[{{list.Count}},30],"datatype":"FP32","data":[{{data}}]}]}""";
    }

    /// <summary>Deterministic feature rows in [-1, 1) for the MLP.</summary>
    public static double[][] RandomRows(int count, int seed = 7)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, 30).Select(_ => (double)(float)(random.NextDouble() * 2 - 1)).ToArray())];
    }

    public static float[] Floats(JsonDocument response, string output) =>
        [.. response.RootElement.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == output)
            .GetProperty("data").EnumerateArray().Select(v => v.GetSingle())];

    /// <summary>How many executions of exactly <paramref name="rows"/> rows the runner recorded.</summary>
    public long Executions(long rows) => Runner.Statistics.Batches.SingleOrDefault(b => b.BatchSize == rows)?.Count ?? 0;

    public void Dispose() => Runner.Dispose();
}
