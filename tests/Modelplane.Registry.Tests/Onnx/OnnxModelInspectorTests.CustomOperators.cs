using Modelplane.Testing.Onnx;

namespace Modelplane.Registry.Tests.Onnx;

public sealed partial class OnnxModelInspectorTests
{
    [Fact]
    public void Inspect_CustomDomainNode_RefusesNamingOperatorAndDomain()
    {
        var bytes = OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f).WithCustomOperator("com.example.ops", "FastTokenize").Build();

        var message = Refusal(bytes);

        Assert.Equal(
            "The model uses operator 'FastTokenize' from custom domain 'com.example.ops', which needs a custom operator library; "
            + "Modelplane does not load operator libraries.",
            message);
    }

    [Fact]
    public void Inspect_CustomOpsetImportWithoutNode_RefusesNamingTheDomain()
    {
        var bytes = OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f).WithOpsetImport("ai.onnx.contrib", 1).Build();

        var message = Refusal(bytes);

        Assert.StartsWith("The model imports operators from custom domain 'ai.onnx.contrib', which needs a custom operator library", message);
    }

    [Fact]
    public void Inspect_CustomOperatorInIfSubgraph_RefusesNamingTheOperator()
    {
        var bytes = Mutate(
            OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f).WithExternalDataInSubgraph().Build(),
            m =>
            {
                var branch = m.Graph.Node.Single(n => n.OpType == "If").Attribute.Single(a => a.Name == "then_branch").G;
                branch.Initializer.Clear();
                branch.Node[0].OpType = "Decrypt";
                branch.Node[0].Domain = "com.example.hidden";
            });

        var message = Refusal(bytes);

        Assert.StartsWith("The model uses operator 'Decrypt' from custom domain 'com.example.hidden'", message);
    }

    [Fact]
    public void Inspect_CallToModelLocalFunction_AcceptsTheFunctionDomain()
    {
        var bytes = OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f).WithLocalFunction("local.functions", "Double").Build();

        var signature = Inspect(bytes);

        Assert.Equal(["x"], signature.Inputs.Select(i => i.Name));
    }

    [Fact]
    public void Inspect_CustomOperatorInsideLocalFunction_RefusesNamingTheOperator()
    {
        var bytes = OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f)
            .WithLocalFunction("local.functions", "Double", bodyOpType: "Twice", bodyDomain: "com.example.ops").Build();

        var message = Refusal(bytes);

        Assert.StartsWith("The model uses operator 'Twice' from custom domain 'com.example.ops'", message);
    }

    [Fact]
    public void Inspect_UnknownOperatorInLocalFunctionDomain_RefusesAsCustomOperator()
    {
        var bytes = OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f)
            .WithLocalFunction("local.functions", "Double")
            .WithNode("Triple", ["x"], ["tripled"], "local.functions").Build();

        var message = Refusal(bytes);

        Assert.StartsWith("The model uses operator 'Triple' from custom domain 'local.functions'", message);
    }

    [Fact]
    public void Inspect_OnnxRuntimeContribOperator_Accepts()
    {
        var bytes = OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f)
            .WithNode("Gelu", ["y"], ["y_gelu"], "com.microsoft").WithOpsetImport("com.microsoft", 1).Build();

        var signature = Inspect(bytes);

        Assert.Equal(["y"], signature.Outputs.Select(o => o.Name));
    }
}
