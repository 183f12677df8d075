using Modelplane.Registry.Models;
using Modelplane.Registry.Onnx.Schema;

namespace Modelplane.Testing.Onnx;

public sealed partial class OnnxModelBuilder
{
    /// <summary>
    /// A softmax classifier: input <paramref name="inputName"/> float <c>[N, features]</c>, outputs <c>label</c> int64 <c>[N]</c>
    /// (the arg max) and <c>probabilities</c> float <c>[N, classes]</c> = softmax(x·W + b), as scikit-learn's converters name them.
    /// </summary>
    /// <param name="inputName">Name of the single graph input.</param>
    /// <param name="features">Number of input features.</param>
    /// <param name="weights">W in row-major order, shape <c>[features, bias.Count]</c>.</param>
    /// <param name="bias">One bias per class.</param>
    public static OnnxModelBuilder Classifier(string inputName, int features, IReadOnlyList<float> weights, IReadOnlyList<float> bias)
    {
        var builder = Linear(inputName, features, weights, bias, outputName: "logits");
        var graph = builder.Graph;
        graph.Output.Clear();
        graph.Output.Add(OnnxProto.TensorValue("label", OnnxProto.ToOnnx(TensorElementType.Int64), [-1]));
        graph.Output.Add(OnnxProto.TensorValue("probabilities", OnnxProto.Float, [-1, bias.Count]));
        var softmax = OnnxProto.Node("Softmax", ["logits"], ["probabilities"]);
        softmax.Attribute.Add(new AttributeProto { Name = "axis", Type = 2, I = 1 });
        graph.Node.Add(softmax);
        var argMax = OnnxProto.Node("ArgMax", ["logits"], ["label"]);
        argMax.Attribute.Add(new AttributeProto { Name = "axis", Type = 2, I = 1 });
        argMax.Attribute.Add(new AttributeProto { Name = "keepdims", Type = 2, I = 0 });
        graph.Node.Add(argMax);
        return builder;
    }
}
