using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Modelplane.Registry.Models;
using Modelplane.Registry.Monitoring;
using Modelplane.Serving.Monitoring;
using Modelplane.Serving.Monitoring.Windows;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Benchmarks;

/// <summary>
/// The monitored 30-feature model of the drift benchmarks: lr.onnx (breast-cancer logistic regression: 30 FP32
/// features, an Int64 label and a probability) run by Modelplane's runner, and a reference profile computed from
/// 100,000 synthetic rows (each feature normal with the mean and spread of the held-out rows; deciles as edges).
/// </summary>
internal sealed class LrMonitoring : IDisposable
{
    public const int Features = 30;
    private const int ReferenceRows = 100_000;
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples");

    private readonly double[] _means = new double[Features];
    private readonly double[] _spreads = new double[Features];
    private readonly FeatureSlot[] _features = [.. Enumerable.Range(0, Features).Select(j => new FeatureSlot($"f{j}", FeatureKind.Numeric, 0, j, Features))];
    private readonly FeatureSlot[] _outputs = [new("label", FeatureKind.Categorical, 0, 0, 1), new("probability", FeatureKind.Numeric, 1, 0, 1)];
    private readonly ProbabilitySource _probability = new(1, 1, Binary: true);
    private readonly LiveProfiles _profiles = new(TimeProvider.System);

    public LrMonitoring()
    {
        using var samples = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Samples, "samples.json")));
        HeldOut = [.. samples.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray())];
        for (var j = 0; j < Features; j++)
        {
            _means[j] = HeldOut.Average(r => r[j]);
            _spreads[j] = Math.Sqrt(HeldOut.Average(r => (r[j] - _means[j]) * (r[j] - _means[j])));
        }

        var version = new ModelVersion(
            "lr", 3, new string('a', 64), 833, "onnx",
            new ModelSignature(
                [new TensorSpec("input", TensorElementType.Float32, [-1, Features])],
                [new TensorSpec("label", TensorElementType.Int64, [-1]), new TensorSpec("probability", TensorElementType.Float32, [-1, 1])]),
            null, new Dictionary<string, string>(), new Dictionary<string, double>(), DateTimeOffset.UnixEpoch);
        Runner = new ModelRunnerFactory(Options.Create(new ServingOptions())).Create(version, File.ReadAllBytes(Path.Combine(Samples, "lr.onnx")));
        Reference = Profile(Synthetic(ReferenceRows, seed: 1, shifted: []));
    }

    /// <summary>The runner of lr.onnx.</summary>
    public IModelRunner Runner { get; }

    /// <summary>The 200 held-out breast-cancer rows.</summary>
    public double[][] HeldOut { get; }

    /// <summary>The reference profile of the synthetic training sample, features and model outputs.</summary>
    public ReferenceProfile Reference { get; }

    /// <summary>A live profile over <see cref="Reference"/>'s bins whose window closes only after a day, so a run never closes one.</summary>
    public LiveProfile Install() =>
        _profiles.Install("bench", Reference, _features, _outputs, _probability, new WindowSettings(null, TimeSpan.FromDays(1)));

    /// <summary><paramref name="rows"/> synthetic rows, row-major; the features in <paramref name="shifted"/> move up by half a spread.</summary>
    public float[] Synthetic(int rows, int seed, int[] shifted)
    {
        var random = new Random(seed);
        var values = new float[rows * Features];
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < Features; j++)
            {
                // Box–Muller: a standard normal from two uniforms.
                var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                values[(r * Features) + j] = (float)(_means[j] + (_spreads[j] * (z + (shifted.Contains(j) ? 0.5 : 0))));
            }
        }

        return values;
    }

    /// <summary>Binary-protocol request bodies of <paramref name="batch"/> rows each over <paramref name="values"/>, asking for binary outputs.</summary>
    public static (ReadOnlySequence<byte> Body, int HeaderLength)[] BinaryBodies(float[] values, int batch)
    {
        var rows = values.Length / Features;
        var header = Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $$$"""{"inputs":[{"name":"input","shape":[{{{batch}}},{{{Features}}}],"datatype":"FP32","parameters":{"binary_data_size":{{{batch * Features * 4}}}}}],"parameters":{"binary_data_output":true}}"""));
        return [.. Enumerable.Range(0, rows / batch).Select(b =>
        {
            var data = MemoryMarshal.AsBytes(values.AsSpan(b * batch * Features, batch * Features));
            return (new ReadOnlySequence<byte>([.. header, .. data]), header.Length);
        })];
    }

    /// <summary>Runs one binary-protocol request to completion.</summary>
    public void Infer((ReadOnlySequence<byte> Body, int HeaderLength) request, IBufferWriter<byte> output, IInferenceObserver? observer)
    {
        var pending = Runner.InferAsync(new OipBinaryCodec(request.Body, request.HeaderLength, output, DefaultOptions), new InferenceCall("lr") { Observer = observer });
        if (!pending.IsCompleted)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }
    }

    public void Dispose() => Runner.Dispose();

    private static readonly ServingOptions DefaultOptions = new();

    // Counting the sample through a live profile over its own deciles gives the features' histograms and the model's
    // outputs on it, as profiling a training sample does.
    private ReferenceProfile Profile(float[] sample)
    {
        var rows = sample.Length / Features;
        FeatureProfile Empty(string name, double[] edges) => new(name, FeatureKind.Numeric, 0, 0)
        {
            Numeric = new NumericProfile(edges, new long[edges.Length + 1], new double[edges.Length + 1], 0, 0, double.NaN, double.NaN),
        };

        var deciles = Enumerable.Range(0, Features).Select(j =>
        {
            var column = Enumerable.Range(0, rows).Select(r => (double)sample[(r * Features) + j]).Order().ToArray();
            return Enumerable.Range(1, 9).Select(d => column[d * rows / 10]).ToArray();
        }).ToArray();
        var empty = new DataProfile(
            0,
            [.. _features.Select((f, j) => Empty(f.Name, deciles[j]))],
            [
                new FeatureProfile("label", FeatureKind.Categorical, 0, 0) { Categorical = new CategoricalProfile(["1", "0"], [0, 0], 0) },
                Empty("probability", [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]),
            ]);
        var counting = _profiles.Install(
            "reference", new ReferenceProfile("lr", 3, empty, "sha256:" + new string('0', 64), "csv", DateTimeOffset.UnixEpoch), _features, _outputs, _probability,
            new WindowSettings(null, TimeSpan.FromDays(1)));
        var output = new ArrayBufferWriter<byte>(1 << 16);
        foreach (var request in BinaryBodies(sample, 1_000))
        {
            output.ResetWrittenCount();
            Infer(request, output, counting);
        }

        return new ReferenceProfile("lr", 3, counting.Peek(), "sha256:" + new string('0', 64), "csv", DateTimeOffset.UnixEpoch);
    }
}
