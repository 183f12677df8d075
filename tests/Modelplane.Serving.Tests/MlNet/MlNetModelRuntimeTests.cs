using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Registry.Models;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.MlNet;

public sealed class MlNetModelRuntimeTests(BreastCancerMlNetFixture model) : IClassFixture<BreastCancerMlNetFixture>
{
    [Fact]
    public void Create_MlNetVersion_ServesWithTheMlNetRunner()
    {
        using var runner = LrModel.NewFactory().Create(model.Version, model.Artifact);

        Assert.IsType<Serving.MlNet.MlNetModelRunner>(runner);
    }

    [Fact]
    public void Create_SignatureDisagreesWithModel_ThrowsInvalidOperation()
    {
        var wrong = model.Version with
        {
            Signature = new ModelSignature([new TensorSpec("Features", TensorElementType.Float64, [-1, 30])], model.Version.Signature.Outputs),
        };

        var ex = Assert.Throws<InvalidOperationException>(() => LrModel.NewFactory().Create(wrong, model.Artifact));

        Assert.StartsWith("Signature of bc-mlnet@1 (Features Float64 [-1,30];", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_OnnxBytesLabelledMlNet_ThrowsInvalidOperation()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => LrModel.NewFactory().Create(model.Version, [1, 2, 3]));

        Assert.StartsWith("ML.NET could not load bc-mlnet@1: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnknownFormat_ThrowsNotSupportedNamingTheServedFormats()
    {
        var ex = Assert.Throws<NotSupportedException>(() => LrModel.NewFactory().Create(model.Version with { Format = "pmml" }, model.Artifact));

        Assert.Equal("bc-mlnet@1 has format 'pmml'; this server serves onnx, mlnet.", ex.Message);
    }

    [Fact]
    public void AddModelServing_Resolve_FactoryHasOnnxAndMlNetRuntimesOnce()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        using var provider = services.AddModelServing().AddModelServing().BuildServiceProvider();

        Assert.Equal(2, provider.GetServices<IModelRuntime>().Count());
        Assert.Equal(["onnx", "mlnet"], provider.GetRequiredService<ModelRunnerFactory>().Formats);
    }
}
