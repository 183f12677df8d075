using Microsoft.Extensions.DependencyInjection;
using Modelplane.Registry.Models;
using Modelplane.Registry.Onnx;

namespace Modelplane.Registry.Tests.Onnx;

public sealed class OnnxServiceCollectionExtensionsTests
{
    [Fact]
    public void AddOnnxModelInspection_Resolve_ReturnsOnnxInspector()
    {
        using var provider = new ServiceCollection().AddOnnxModelInspection().BuildServiceProvider();

        Assert.IsType<OnnxModelInspector>(provider.GetRequiredService<IModelInspector>());
    }

    [Fact]
    public void AddOnnxModelInspection_InspectorAlreadyRegistered_KeepsIt()
    {
        var services = new ServiceCollection().AddSingleton<IModelInspector, RefuseAll>();

        using var provider = services.AddOnnxModelInspection().BuildServiceProvider();

        Assert.IsType<RefuseAll>(provider.GetRequiredService<IModelInspector>());
    }

    private sealed class RefuseAll : IModelInspector
    {
        public ModelSignature Inspect(Stream artifact) => throw new InvalidModelException("refused");
    }
}
