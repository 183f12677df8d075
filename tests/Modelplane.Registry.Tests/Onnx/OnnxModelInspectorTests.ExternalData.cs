using Modelplane.Registry.Onnx.Schema;
using Modelplane.Testing.Onnx;

namespace Modelplane.Registry.Tests.Onnx;

public sealed partial class OnnxModelInspectorTests
{
    [Fact]
    public void Inspect_ExternalDataInInitializer_RefusesNamingFileAndTensor()
    {
        var bytes = OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f).WithExternalDataInitializer("W2", "weights.bin").Build();

        var message = Refusal(bytes);

        Assert.Equal(
            "The model refers to external data file 'weights.bin' (tensor 'W2'); Modelplane only serves self-contained ONNX files.",
            message);
    }

    [Fact]
    public void Inspect_ExternalDataInConstantAttribute_RefusesNamingFileAndTensor()
    {
        var bytes = OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f).WithExternalDataConstant("table", "../secrets/table.bin").Build();

        var message = Refusal(bytes);

        Assert.StartsWith("The model refers to external data file '../secrets/table.bin' (tensor 'table')", message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Inspect_ExternalDataInIfSubgraph_RefusesAtAnyDepth(int depth)
    {
        var bytes = OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f)
            .WithExternalDataInSubgraph("branch_W", "branch.bin", depth).Build();

        var message = Refusal(bytes);

        Assert.StartsWith("The model refers to external data file 'branch.bin' (tensor 'branch_W')", message);
    }

    [Fact]
    public void Inspect_ExternalDataInSparseInitializer_RefusesNamingTheTensor()
    {
        var bytes = Mutate(LinearModel(), m =>
        {
            var values = new TensorProto { Name = "sparse_values", DataType = 1, DataLocation = TensorProto.Types.DataLocation.External };
            values.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "sparse.bin" });
            m.Graph.SparseInitializer.Add(new SparseTensorProto { Values = values, Indices = new TensorProto { DataType = 7 } });
        });

        var message = Refusal(bytes);

        Assert.StartsWith("The model refers to external data file 'sparse.bin' (tensor 'sparse_values')", message);
    }

    [Fact]
    public void Inspect_ExternalDataInFunctionBody_RefusesNamingTheTensor()
    {
        var bytes = Mutate(LinearModel(), m =>
        {
            var function = new FunctionProto { Name = "Lookup", Domain = "local.functions" };
            var constant = new NodeProto { OpType = "Constant" };
            var tensor = new TensorProto { Name = "lookup_table", DataType = 1, DataLocation = TensorProto.Types.DataLocation.External };
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "lookup.bin" });
            constant.Attribute.Add(new AttributeProto { Name = "value", Type = 4, T = tensor });
            function.Node.Add(constant);
            m.Functions.Add(function);
        });

        var message = Refusal(bytes);

        Assert.StartsWith("The model refers to external data file 'lookup.bin' (tensor 'lookup_table')", message);
    }

    [Fact]
    public void Inspect_ExternalLocationWithoutFile_RefusesAsExternalData()
    {
        var bytes = Mutate(LinearModel(), m => m.Graph.Initializer[0].DataLocation = TensorProto.Types.DataLocation.External);

        var message = Refusal(bytes);

        Assert.Equal(
            "The model refers to external data (tensor 'W') without naming a file; Modelplane only serves self-contained ONNX files.",
            message);
    }

    [Fact]
    public void Inspect_ExternalDataInTrainingGraph_RefusesNamingTheTensor()
    {
        var bytes = Mutate(LinearModel(), m =>
        {
            var initialization = new GraphProto { Name = "init" };
            var tensor = new TensorProto { Name = "optimizer_state", DataType = 1 };
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "state.bin" });
            initialization.Initializer.Add(tensor);
            m.TrainingInfo.Add(new TrainingInfoProto { Initialization = initialization });
        });

        var message = Refusal(bytes);

        Assert.StartsWith("The model refers to external data file 'state.bin' (tensor 'optimizer_state')", message);
    }
}
