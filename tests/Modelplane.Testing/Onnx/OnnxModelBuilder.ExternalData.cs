using Modelplane.Registry.Onnx.Schema;

namespace Modelplane.Testing.Onnx;

public sealed partial class OnnxModelBuilder
{
    /// <summary>Adds a graph initializer whose data lives in an external file.</summary>
    /// <param name="tensorName">The initializer name.</param>
    /// <param name="location">The external file, relative to the model.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder WithExternalDataInitializer(string tensorName = "external_W", string location = "weights.bin")
    {
        Graph.Initializer.Add(OnnxProto.ExternalTensor(tensorName, location));
        return this;
    }

    /// <summary>Adds a Constant node whose <c>value</c> tensor lives in an external file.</summary>
    /// <param name="tensorName">The tensor name.</param>
    /// <param name="location">The external file, relative to the model.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder WithExternalDataConstant(string tensorName = "external_constant", string location = "weights.bin")
    {
        Graph.Node.Add(OnnxProto.Constant(NewName("constant"), OnnxProto.ExternalTensor(tensorName, location)));
        return this;
    }

    /// <summary>
    /// Adds an If node whose <c>then_branch</c> subgraph has an initializer stored in an external file;
    /// the external tensor sits <paramref name="depth"/> levels of nested If deep.
    /// </summary>
    /// <param name="tensorName">The tensor name.</param>
    /// <param name="location">The external file, relative to the model.</param>
    /// <param name="depth">How many If nodes nest around the tensor; 1 means directly in the first branch.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder WithExternalDataInSubgraph(
        string tensorName = "branch_W", string location = "weights.bin", int depth = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        var branch = new GraphProto { Name = NewName("then") };
        branch.Initializer.Add(OnnxProto.ExternalTensor(tensorName, location));
        branch.Node.Add(OnnxProto.Node("Identity", [tensorName], [NewName("then_out")]));
        branch.Output.Add(OnnxProto.TensorValue(branch.Node[0].Output[0], OnnxProto.Float, [4]));

        for (var level = 1; level < depth; level++)
        {
            var outer = new GraphProto { Name = NewName("then") };
            var result = NewName("nested_out");
            outer.Node.AddRange(IfNodes(branch, result));
            outer.Output.Add(OnnxProto.TensorValue(result, OnnxProto.Float, [4]));
            branch = outer;
        }

        Graph.Node.AddRange(IfNodes(branch, NewName("if_out")));
        return this;
    }

    private NodeProto[] IfNodes(GraphProto thenBranch, string output)
    {
        var condition = NewName("condition");
        var conditionValue = new TensorProto { Name = condition, DataType = OnnxProto.Bool };
        conditionValue.Int32Data.Add(1);

        var elseOutput = NewName("else_out");
        var elseBranch = new GraphProto { Name = NewName("else") };
        elseBranch.Node.Add(OnnxProto.Constant(elseOutput, OnnxProto.FloatTensor(elseOutput, [4], [0f, 0f, 0f, 0f])));
        elseBranch.Output.Add(OnnxProto.TensorValue(elseOutput, OnnxProto.Float, [4]));

        var ifNode = OnnxProto.Node("If", [condition], [output]);
        ifNode.Attribute.Add(OnnxProto.GraphAttribute("then_branch", thenBranch));
        ifNode.Attribute.Add(OnnxProto.GraphAttribute("else_branch", elseBranch));
        return [OnnxProto.Constant(condition, conditionValue), ifNode];
    }
}
