using Modelplane.Registry.Models;

namespace Modelplane.Testing.Onnx;

public sealed partial class OnnxModelBuilder
{
    /// <summary>
    /// Two float inputs <paramref name="a"/> and <paramref name="b"/>, both <c>[N, width]</c>, and two outputs
    /// <c>sum = a + b</c> and <c>difference = a - b</c>, both <c>[N, width]</c>: a multi-input, multi-output model.
    /// </summary>
    /// <param name="a">Name of the first input.</param>
    /// <param name="b">Name of the second input.</param>
    /// <param name="width">Values per row of each input.</param>
    public static OnnxModelBuilder SumAndDifference(string a, string b, long width)
    {
        var builder = new OnnxModelBuilder();
        var graph = builder.Graph;
        var type = OnnxProto.ToOnnx(TensorElementType.Float32);
        graph.Input.Add(OnnxProto.TensorValue(a, type, [-1, width]));
        graph.Input.Add(OnnxProto.TensorValue(b, type, [-1, width]));
        graph.Output.Add(OnnxProto.TensorValue("sum", type, [-1, width]));
        graph.Output.Add(OnnxProto.TensorValue("difference", type, [-1, width]));
        graph.Node.Add(OnnxProto.Node("Add", [a, b], ["sum"]));
        graph.Node.Add(OnnxProto.Node("Sub", [a, b], ["difference"]));
        return builder;
    }
}
