using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Modelplane.Serving.Tests.DemoModels;

/// <summary>Runs a whole set of rows through a model in one ONNX Runtime call and keeps the outputs as arrays.</summary>
internal sealed class OrtBatch
{
    private readonly Dictionary<string, Array> _outputs = [];

    private OrtBatch(InferenceSession session) => Session = session;

    public InferenceSession Session { get; }

    public static OrtBatch Run(string modelPath, string input, IReadOnlyList<float[]> rows)
    {
        var session = new InferenceSession(modelPath);
        var width = rows[0].Length;
        var flat = rows.SelectMany(r => r).ToArray();

        using var tensor = OrtValue.CreateTensorValueFromMemory(flat, [rows.Count, width]);
        // A null RunOptions throws NullReferenceException inside ORT 1.31 (TOOLCHAIN.md §1).
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [input], [tensor], session.OutputNames);

        var batch = new OrtBatch(session);
        for (var i = 0; i < results.Count; i++)
        {
            var name = session.OutputNames[i];
            batch._outputs[name] = session.OutputMetadata[name].ElementDataType switch
            {
                TensorElementType.Float => results[i].GetTensorDataAsSpan<float>().ToArray(),
                TensorElementType.Bool => results[i].GetTensorDataAsSpan<bool>().ToArray(),
                TensorElementType.Int64 => results[i].GetTensorDataAsSpan<long>().ToArray(),
                var other => throw new NotSupportedException($"Output {name} has element type {other}."),
            };
        }

        return batch;
    }

    public T[] Output<T>(string name) => (T[])_outputs[name];
}
