using Google.Protobuf;
using Modelplane.Registry.Models;
using Modelplane.Registry.Onnx.Schema;

namespace Modelplane.Testing.Onnx;

/// <summary>
/// Builds small ONNX models for tests: a real linear model whose outputs are exactly computable,
/// an identity model of any element type and shape, and knobs that add what the registry must refuse.
/// </summary>
/// <remarks>Models use IR version 8 and opset 17 of the default domain, which ONNX Runtime 1.31 loads.</remarks>
public sealed partial class OnnxModelBuilder
{
    /// <summary>The default-domain operator set version the built models import.</summary>
    public const long OpsetVersion = 17;

    private readonly ModelProto _model;
    private int _nextId;

    private OnnxModelBuilder()
    {
        _model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "Modelplane.Testing",
            Graph = new GraphProto { Name = "test_graph" },
        };
        _model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
    }

    private GraphProto Graph => _model.Graph;

    private string FirstInput => Graph.Input[0].Name;

    /// <summary>
    /// A linear model <c>y = x·W + b</c>: input <paramref name="inputName"/> float <c>[N, features]</c>,
    /// output <paramref name="outputName"/> float <c>[N, bias.Count]</c>, built from MatMul and Add.
    /// </summary>
    /// <param name="inputName">Name of the single graph input.</param>
    /// <param name="features">Number of input features.</param>
    /// <param name="weights">W in row-major order, shape <c>[features, bias.Count]</c>: <c>weights[f * outputs + o]</c>.</param>
    /// <param name="bias">One bias per output column.</param>
    /// <param name="outputName">Name of the single graph output.</param>
    /// <remarks>With small integer or power-of-two-fraction values every product and sum is exact in float.</remarks>
    public static OnnxModelBuilder Linear(
        string inputName, int features, IReadOnlyList<float> weights, IReadOnlyList<float> bias, string outputName = "y")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (bias.Count == 0 || weights.Count != features * bias.Count)
        {
            throw new ArgumentException($"Expected {features} x {bias.Count} weights, got {weights.Count}.", nameof(weights));
        }

        var builder = new OnnxModelBuilder();
        var graph = builder.Graph;
        graph.Input.Add(OnnxProto.TensorValue(inputName, OnnxProto.Float, [-1, features]));
        graph.Output.Add(OnnxProto.TensorValue(outputName, OnnxProto.Float, [-1, bias.Count]));
        graph.Initializer.Add(OnnxProto.FloatTensor("W", [features, bias.Count], weights));
        graph.Initializer.Add(OnnxProto.FloatTensor("B", [bias.Count], bias));
        graph.Node.Add(OnnxProto.Node("MatMul", [inputName, "W"], ["xW"]));
        graph.Node.Add(OnnxProto.Node("Add", ["xW", "B"], [outputName]));
        return builder;
    }

    /// <summary>A linear model with one output column: <c>y = x·w + bias</c>, output float <c>[N, 1]</c>.</summary>
    /// <param name="inputName">Name of the single graph input.</param>
    /// <param name="features">Number of input features; also the length of <paramref name="weights"/>.</param>
    /// <param name="weights">One weight per feature.</param>
    /// <param name="bias">The bias.</param>
    /// <param name="outputName">Name of the single graph output.</param>
    public static OnnxModelBuilder Linear(
        string inputName, int features, IReadOnlyList<float> weights, float bias, string outputName = "y") =>
        Linear(inputName, features, weights, [bias], outputName);

    /// <summary>
    /// An Identity model: input <paramref name="name"/> and output <c>{name}_out</c> (or <paramref name="outputName"/>),
    /// both of <paramref name="elementType"/> and <paramref name="shape"/>.
    /// </summary>
    /// <param name="name">Name of the graph input.</param>
    /// <param name="elementType">Element type of input and output.</param>
    /// <param name="shape">Dimensions; a negative value is a symbolic dimension named <c>N</c> at index 0 and <c>d{i}</c> elsewhere.</param>
    /// <param name="outputName">Name of the graph output; defaults to <c>{name}_out</c>.</param>
    public static OnnxModelBuilder Identity(
        string name, TensorElementType elementType, IReadOnlyList<long> shape, string? outputName = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var output = outputName ?? $"{name}_out";
        var type = OnnxProto.ToOnnx(elementType);
        var builder = new OnnxModelBuilder();
        builder.Graph.Input.Add(OnnxProto.TensorValue(name, type, shape));
        builder.Graph.Output.Add(OnnxProto.TensorValue(output, type, shape));
        builder.Graph.Node.Add(OnnxProto.Node("Identity", [name], [output]));
        return builder;
    }

    /// <summary>Serializes the model as ONNX protobuf bytes.</summary>
    /// <returns>The bytes of a <c>.onnx</c> file.</returns>
    public byte[] Build() => _model.ToByteArray();

    private string NewName(string prefix) => $"{prefix}_{_nextId++}";
}
