using System.Buffers;
using System.Text;
using System.Text.Json;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.Onnx;

public sealed class SegmentedBodyTests(LrModel lr)
{
    [Fact]
    public void Infer_BodySplitIntoSmallSegments_GivesSameResponseAsOneSegment()
    {
        var json = lr.Request(20, 3, nested: true, extra: """ "id":"a-long-request-id-that-spans-segments", """);
        using var expected = lr.Infer(json);
        var output = new ArrayBufferWriter<byte>();

        lr.Runner.Infer(Segments.Split(Encoding.UTF8.GetBytes(json), 5), output, "lr");

        using var actual = JsonDocument.Parse(output.WrittenMemory);
        Assert.Equal(expected.RootElement.GetRawText(), actual.RootElement.GetRawText());
        Assert.Equal("a-long-request-id-that-spans-segments", actual.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public void Infer_SplitBodyWithBadValue_NamesTheValue()
    {
        var json = """{"inputs":[{"name":"input","shape":[1,30],"datatype":"FP32","data":[1e39123456]}]}""";

        var ex = Assert.Throws<InferenceRequestException>(() =>
            lr.Runner.Infer(Segments.Split(Encoding.UTF8.GetBytes(json), 3), new ArrayBufferWriter<byte>(), "lr"));

        Assert.Equal("Input 'input' data has 1e39123456, which is out of range for datatype FP32.", ex.Message);
    }
}
