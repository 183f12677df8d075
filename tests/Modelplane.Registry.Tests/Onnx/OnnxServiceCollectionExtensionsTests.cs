using Microsoft.Extensions.DependencyInjection;
using Modelplane.Registry.Formats;
using Modelplane.Registry.Onnx;

namespace Modelplane.Registry.Tests.Onnx;

public sealed class OnnxServiceCollectionExtensionsTests
{
    [Fact]
    public void AddOnnxModelInspection_Resolve_ReturnsDetectorOverOnnx()
    {
        using var provider = new ServiceCollection().AddOnnxModelInspection().BuildServiceProvider();

        Assert.IsType<ModelFormatDetector>(provider.GetRequiredService<IModelInspector>());
        Assert.IsType<OnnxModelInspector>(Assert.Single(provider.GetServices<IModelFormat>()));
    }

    [Fact]
    public void AddOnnxModelInspection_CalledTwice_RegistersOnnxOnce()
    {
        using var provider = new ServiceCollection().AddOnnxModelInspection().AddOnnxModelInspection().BuildServiceProvider();

        Assert.Single(provider.GetServices<IModelFormat>());
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
        public InspectedModel Inspect(Stream artifact) => throw new InvalidModelException("refused");
    }
}
