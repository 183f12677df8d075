using Microsoft.Extensions.DependencyInjection;
using Modelplane.Registry.Formats;
using Modelplane.Registry.Models;
using Modelplane.Registry.Onnx;
using Modelplane.Testing.Onnx;

namespace Modelplane.Registry.Tests.Formats;

public sealed class ModelFormatDetectorTests : IDisposable
{
    private readonly ServiceProvider _provider =
        new ServiceCollection().AddOnnxModelInspection().AddMlNetModelInspection().BuildServiceProvider();

    private IModelInspector Detector => _provider.GetRequiredService<IModelInspector>();

    public void Dispose() => _provider.Dispose();

    private InspectedModel Inspect(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return Detector.Inspect(stream);
    }

    private string Refusal(byte[] bytes) => Assert.Throws<InvalidModelException>(() => Inspect(bytes)).Message;

    [Fact]
    public void Inspect_OnnxBytes_DetectsOnnx()
    {
        var model = Inspect(OnnxModelBuilder.Linear("x", features: 3, weights: [1f, 2f, 3f], bias: 0.5f).Build());

        Assert.Equal("onnx", model.Format);
        Assert.Equal("x", Assert.Single(model.Signature.Inputs).Name);
    }

    [Fact]
    public void Inspect_MlNetZip_DetectsMlNet()
    {
        var model = Inspect(TestZips.BreastCancer());

        Assert.Equal("mlnet", model.Format);
        Assert.Equal("Features", Assert.Single(model.Signature.Inputs).Name);
    }

    [Fact]
    public void Inspect_MlNetZipBehindNonSeekableStream_DetectsMlNet()
    {
        using var stream = new NonSeekable(TestZips.BreastCancer());

        Assert.Equal("mlnet", Detector.Inspect(stream).Format);
    }

    [Fact]
    public void Inspect_Empty_RefusesAsUnknown() =>
        Assert.Equal("Unknown model format: the artifact is empty.", Refusal([]));

    [Fact]
    public void Inspect_Text_RefusesAsUnknownFormat()
    {
        var message = Refusal("this is a text file, not a model"u8.ToArray());

        Assert.Equal("Unknown model format: the artifact is not an ONNX model or an ML.NET model zip (known formats: onnx, mlnet).", message);
    }

    [Fact]
    public void Inspect_RandomBytes_RefusedWithAMessage()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0xFF; // field 31: no ModelProto starts like this

        Assert.StartsWith("Unknown model format:", Refusal(bytes));
    }

    [Fact]
    public void Inspect_ZipWithoutMlNetLayout_RefusesAsNotMlNet()
    {
        var message = Refusal(TestZips.Build(["readme.txt", "weights/model.bin"]));

        Assert.Equal("The artifact is not an ML.NET model: the zip does not have ML.NET's layout (no TransformerChain/Model.key).", message);
    }

    [Fact]
    public void Inspect_TruncatedZip_RefusesAsCorrupt()
    {
        var bytes = TestZips.BreastCancer();

        Assert.StartsWith("The artifact is not an ML.NET model: the zip is corrupt", Refusal(bytes[..(bytes.Length / 2)]));
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
