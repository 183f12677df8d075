using Modelplane.Registry.Models;
using Modelplane.Registry.Onnx.Schema;

namespace Modelplane.Testing.Onnx;

public sealed partial class OnnxModelBuilder
{
    /// <summary>
    /// Declares the first graph output with another shape, every negative dimension carrying <paramref name="symbol"/>,
    /// for tests of output shapes that differ from what the graph computes.
    /// </summary>
    /// <param name="shape">The declared dimensions.</param>
    /// <param name="symbol">The symbolic name of the dynamic dimensions.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder WithOutputShape(IReadOnlyList<long> shape, string symbol)
    {
        var dims = Graph.Output[0].Type.TensorType.Shape.Dim;
        dims.Clear();
        foreach (var dim in shape)
        {
            dims.Add(dim >= 0
                ? new TensorShapeProto.Types.Dimension { DimValue = dim }
                : new TensorShapeProto.Types.Dimension { DimParam = symbol });
        }

        return this;
    }

    /// <summary>Also lists every initializer as a graph input, as models before IR version 4 had to.</summary>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder WithInitializersListedAsInputs()
    {
        foreach (var initializer in Graph.Initializer)
        {
            Graph.Input.Add(OnnxProto.TensorValue(initializer.Name, initializer.DataType, initializer.Dims));
        }

        return this;
    }

    /// <summary>Adds an extra graph input of element type string and shape <c>[N]</c>; no node reads it.</summary>
    /// <param name="name">The input name.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder WithStringInput(string name)
    {
        Graph.Input.Add(OnnxProto.TensorValue(name, OnnxProto.ToOnnx(TensorElementType.String), [-1]));
        return this;
    }

    /// <summary>Adds an output of element type string holding the first output cast to text (Cast, to = STRING).</summary>
    /// <param name="name">The output name.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder WithStringOutput(string name)
    {
        var source = Graph.Output[0];
        var cast = OnnxProto.Node("Cast", [source.Name], [name]);
        cast.Attribute.Add(new AttributeProto { Name = "to", Type = 2, I = OnnxProto.ToOnnx(TensorElementType.String) });
        Graph.Node.Add(cast);
        Graph.Output.Add(OnnxProto.TensorValue(name, OnnxProto.ToOnnx(TensorElementType.String),
            [.. source.Type.TensorType.Shape.Dim.Select(d => d.HasDimValue ? d.DimValue : -1L)]));
        return this;
    }

    /// <summary>Adds an extra graph input that is a sequence of float tensors; no node reads it.</summary>
    /// <param name="name">The input name.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder WithSequenceInput(string name)
    {
        Graph.Input.Add(OnnxProto.SequenceValue(name, OnnxProto.Float));
        return this;
    }

    /// <summary>Adds an output that is a sequence holding the first input (SequenceConstruct).</summary>
    /// <param name="name">The output name.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder WithSequenceOutput(string name)
    {
        var elementType = Graph.Input[0].Type.TensorType.ElemType;
        Graph.Node.Add(OnnxProto.Node("SequenceConstruct", [FirstInput], [name]));
        Graph.Output.Add(OnnxProto.SequenceValue(name, elementType));
        return this;
    }

    /// <summary>Adds a node; its outputs are not graph outputs.</summary>
    /// <param name="opType">The operator, for example a name no operator set defines.</param>
    /// <param name="inputs">Input value names; the graph's inputs are available.</param>
    /// <param name="outputs">Output value names.</param>
    /// <param name="domain">The operator's domain; empty is the default ONNX domain.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder WithNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, string domain = "")
    {
        Graph.Node.Add(OnnxProto.Node(opType, inputs, outputs, domain));
        return this;
    }

    /// <summary>Adds an operator set import, without any node that uses it.</summary>
    /// <param name="domain">The operator set domain.</param>
    /// <param name="version">The operator set version.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder WithOpsetImport(string domain, long version = 1)
    {
        _model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
        return this;
    }

    /// <summary>Adds a node of a custom-domain operator reading the first input, and imports that domain.</summary>
    /// <param name="domain">The custom domain.</param>
    /// <param name="opType">The custom operator.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder WithCustomOperator(string domain = "com.example.ops", string opType = "MyOp") =>
        WithNode(opType, [FirstInput], [NewName("custom")], domain).WithOpsetImport(domain);

    /// <summary>
    /// Defines a model-local function <c>{domain}.{name}(a) = a + a</c>, imports its domain and calls it
    /// on the first input (which must be numeric); the call's result is not a graph output.
    /// </summary>
    /// <param name="domain">The function's domain.</param>
    /// <param name="name">The function's name.</param>
    /// <param name="bodyOpType">The operator in the body; pass a custom one to hide it inside the function.</param>
    /// <param name="bodyDomain">The domain of <paramref name="bodyOpType"/>.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder WithLocalFunction(
        string domain = "local.functions", string name = "Double", string bodyOpType = "Add", string bodyDomain = "")
    {
        var function = new FunctionProto { Name = name, Domain = domain };
        function.Input.Add("a");
        function.Output.Add("b");
        function.Node.Add(OnnxProto.Node(bodyOpType, ["a", "a"], ["b"], bodyDomain));
        function.OpsetImport.Add(new OperatorSetIdProto { Domain = bodyDomain, Version = bodyDomain.Length == 0 ? OpsetVersion : 1 });
        _model.Functions.Add(function);
        return WithNode(name, [FirstInput], [NewName("function")], domain).WithOpsetImport(domain);
    }
}
