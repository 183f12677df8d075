using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.Oip;

/// <summary>The binary tensor data extension codec on the real logistic regression, against its own JSON answers.</summary>
public sealed class OipBinaryCodecTests(LrModel lr)
{
    private const int Rows = 20;

    [Fact]
    public async Task Decode_BodySplitIntoSmallSegments_GivesSameProbabilitiesAsJson()
    {
        using var expected = lr.Infer(lr.Request(0, Rows));
        var (body, headerLength) = Body(""","outputs":[{"name":"probability","parameters":{"binary_data":true}}]""");
        var output = new ArrayBufferWriter<byte>();
        var codec = new OipBinaryCodec(Segments.Split(body, 7), headerLength, output, new ServingOptions());

        await lr.Runner.InferAsync(codec, new InferenceCall("lr"));

        var (json, tail) = Split(output, codec);
        using (json)
        {
            Assert.Equal(Rows * 4, json.RootElement.GetProperty("outputs")[0].GetProperty("parameters").GetProperty("binary_data_size").GetInt64());
        }
        Assert.True(codec.HasBinaryOutput);
        Assert.Equal(
            LrModel.Output(expected, "probability").GetProperty("data").EnumerateArray().Select(e => e.GetSingle()),
            MemoryMarshal.Cast<byte, float>(tail).ToArray());
    }

    [Fact]
    public async Task Encode_BinaryDataOutputWithOutputsInRequestedOrder_WritesTailsInThatOrder()
    {
        var (body, headerLength) = Body(""","parameters":{"binary_data_output":true},"outputs":[{"name":"probability"},{"name":"label"}]""");
        var output = new ArrayBufferWriter<byte>();
        var codec = new OipBinaryCodec(new ReadOnlySequence<byte>(body), headerLength, output, new ServingOptions());

        await lr.Runner.InferAsync(codec, new InferenceCall("lr"));

        var (json, tail) = Split(output, codec);
        using (json)
        {
            Assert.Equal(["probability", "label"], json.RootElement.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        }
        Assert.Equal(lr.Labels.Take(Rows), MemoryMarshal.Cast<byte, long>(tail.AsSpan(Rows * 4)).ToArray());
        var probabilities = MemoryMarshal.Cast<byte, float>(tail.AsSpan(0, Rows * 4)).ToArray();
        Assert.All(probabilities.Zip(lr.Probabilities), p => Assert.Equal(p.Second, p.First, 1e-5));
    }

    [Fact]
    public async Task Encode_NoBinaryOutputAsked_WritesPlainJson()
    {
        using var expected = lr.Infer(lr.Request(0, Rows));
        var (body, headerLength) = Body("");
        var output = new ArrayBufferWriter<byte>();
        var codec = new OipBinaryCodec(new ReadOnlySequence<byte>(body), headerLength, output, new ServingOptions());

        await lr.Runner.InferAsync(codec, new InferenceCall("lr"));

        Assert.False(codec.HasBinaryOutput);
        Assert.Equal(output.WrittenCount, codec.ResponseHeaderLength);
        using var actual = JsonDocument.Parse(output.WrittenMemory);
        Assert.Equal(expected.RootElement.GetRawText(), actual.RootElement.GetRawText());
    }

    private (byte[] Body, long HeaderLength) Body(string extra)
    {
        var values = lr.Rows.Take(Rows).SelectMany(r => r).Select(v => (float)v).ToArray();
        var head = Encoding.UTF8.GetBytes(
            $$$"""{"inputs":[{"name":"input","shape":[{{{Rows}}},30],"datatype":"FP32","parameters":{"binary_data_size":{{{values.Length * 4}}}}}]{{{extra}}}}""");
        return ([.. head, .. MemoryMarshal.AsBytes(values.AsSpan())], head.Length);
    }

    private static (JsonDocument Json, byte[] Tail) Split(ArrayBufferWriter<byte> output, OipBinaryCodec codec)
    {
        var length = (int)codec.ResponseHeaderLength;
        return (JsonDocument.Parse(output.WrittenMemory[..length]), output.WrittenSpan[length..].ToArray());
    }
}
