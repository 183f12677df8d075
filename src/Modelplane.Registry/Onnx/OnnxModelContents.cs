using Modelplane.Registry.Onnx.Schema;

namespace Modelplane.Registry.Onnx;

/// <summary>
/// Every node and every tensor of a model, wherever it sits: the main graph, subgraphs held in
/// attributes (If, Loop, Scan, at any depth), model-local functions and training graphs.
/// </summary>
internal sealed class OnnxModelContents
{
    private readonly List<NodeProto> _nodes = [];
    private readonly List<TensorProto> _tensors = [];

    private OnnxModelContents()
    {
    }

    public IReadOnlyList<NodeProto> Nodes => _nodes;

    public IReadOnlyList<TensorProto> Tensors => _tensors;

    public static OnnxModelContents Collect(ModelProto model)
    {
        var contents = new OnnxModelContents();
        contents.AddGraph(model.Graph);
        foreach (var training in model.TrainingInfo)
        {
            contents.AddGraph(training.Initialization);
            contents.AddGraph(training.Algorithm);
        }

        foreach (var function in model.Functions)
        {
            contents.AddNodes(function.Node);
            foreach (var attribute in function.AttributeProto)
            {
                contents.AddAttribute(attribute);
            }
        }

        return contents;
    }

    // Recursion depth is bounded by the protobuf parser's own nesting limit (100 levels).
    private void AddGraph(GraphProto? graph)
    {
        if (graph is null)
        {
            return;
        }

        _tensors.AddRange(graph.Initializer);
        foreach (var sparse in graph.SparseInitializer)
        {
            AddSparse(sparse);
        }

        AddNodes(graph.Node);
    }

    private void AddNodes(IEnumerable<NodeProto> nodes)
    {
        foreach (var node in nodes)
        {
            _nodes.Add(node);
            foreach (var attribute in node.Attribute)
            {
                AddAttribute(attribute);
            }
        }
    }

    private void AddAttribute(AttributeProto attribute)
    {
        if (attribute.T is not null)
        {
            _tensors.Add(attribute.T);
        }

        _tensors.AddRange(attribute.Tensors);
        AddSparse(attribute.SparseTensor);
        foreach (var sparse in attribute.SparseTensors)
        {
            AddSparse(sparse);
        }

        AddGraph(attribute.G);
        foreach (var graph in attribute.Graphs)
        {
            AddGraph(graph);
        }
    }

    private void AddSparse(SparseTensorProto? sparse)
    {
        if (sparse?.Values is not null)
        {
            _tensors.Add(sparse.Values);
        }

        if (sparse?.Indices is not null)
        {
            _tensors.Add(sparse.Indices);
        }
    }
}
