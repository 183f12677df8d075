using System.Buffers;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Modelplane.Registry.Models;
using Modelplane.Serving;

namespace Modelplane.Serving.Benchmarks;

/// <summary>
/// One breast-cancer row: ONNX Runtime alone (IOBinding over preallocated buffers, the floor) against
/// Modelplane's runner taking the OIP JSON body and writing the OIP JSON response.
/// </summary>
[MemoryDiagnoser]
public class InferenceBenchmark
{
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples");

    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private InferenceSession _session = null!;
    private RunOptions _runOptions = null!;
    private OrtIoBinding _binding = null!;
    private float[] _features = null!;
    private float[] _probability = null!;
    private IModelRunner _runner = null!;
    private ReadOnlySequence<byte> _body;

    [GlobalSetup]
    public void Setup()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Samples, "breast-cancer.onnx"));
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(bytes, options);
        _runOptions = new RunOptions();
        _features = new float[30];
        _probability = new float[1];
        _binding = _session.CreateIoBinding();
        _binding.BindInput("Features", OrtValue.CreateTensorValueFromMemory(_features, [1, 30]));
        _binding.BindOutput("Probability.output", OrtValue.CreateTensorValueFromMemory(_probability, [1, 1]));
        _binding.BindOutput("Score.output", OrtValue.CreateTensorValueFromMemory(new float[1], [1, 1]));
        _binding.BindOutput("PredictedLabel.output", OrtValue.CreateTensorValueFromMemory(new bool[1], [1, 1]));

        var signature = new ModelSignature(
            [new TensorSpec("Features", TensorElementType.Float32, [-1, 30])],
            [
                new TensorSpec("PredictedLabel.output", TensorElementType.Bool, [-1, 1]),
                new TensorSpec("Score.output", TensorElementType.Float32, [-1, 1]),
                new TensorSpec("Probability.output", TensorElementType.Float32, [-1, 1]),
            ]);
        var version = new ModelVersion("breast-cancer", 1, new string('0', 64), bytes.Length, "onnx", signature, null,
            new Dictionary<string, string>(), new Dictionary<string, double>(), default);
        _runner = new ModelRunnerFactory(Options.Create(new ServingOptions())).Create(version, bytes);
        _body = new ReadOnlySequence<byte>(File.ReadAllBytes(Path.Combine(Samples, "breast-cancer-1row.json")));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _runner.Dispose();
        _binding.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }

    /// <summary>The floor: ONNX Runtime with everything bound once.</summary>
    [Benchmark(Baseline = true)]
    public float OnnxRuntimeIoBinding()
    {
        _session.RunWithBinding(_runOptions, _binding);
        return _probability[0];
    }

    /// <summary>Modelplane: parse the OIP body, validate against the signature, run, write the OIP response.</summary>
    [Benchmark]
    public int ModelplaneRunnerInfer()
    {
        _output.ResetWrittenCount();
        _runner.Infer(_body, _output, "breast-cancer");
        return _output.WrittenCount;
    }
}
