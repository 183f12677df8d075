using System.Text.Json;
using Modelplane.Registry.Models;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.Oip;

/// <summary>Round-trips each datatype through a real ONNX Identity graph.</summary>
public sealed class ElementTypeTests
{
    [Theory]
    [InlineData(TensorElementType.Float32, "FP32", "[0.1,-2.5,3.4028235E+38]")]
    [InlineData(TensorElementType.Float64, "FP64", "[0.1,-2.5,1.7976931348623157E+308]")]
    [InlineData(TensorElementType.Float16, "FP16", "[0.5,-2,65504]")]
    [InlineData(TensorElementType.Int64, "INT64", "[-9223372036854775808,0,9223372036854775807]")]
    [InlineData(TensorElementType.Int32, "INT32", "[-2147483648,7,2147483647]")]
    [InlineData(TensorElementType.Int16, "INT16", "[-32768,7,32767]")]
    [InlineData(TensorElementType.Int8, "INT8", "[-128,7,127]")]
    [InlineData(TensorElementType.UInt64, "UINT64", "[0,7,18446744073709551615]")]
    [InlineData(TensorElementType.UInt32, "UINT32", "[0,7,4294967295]")]
    [InlineData(TensorElementType.UInt16, "UINT16", "[0,7,65535]")]
    [InlineData(TensorElementType.UInt8, "UINT8", "[0,7,255]")]
    [InlineData(TensorElementType.Bool, "BOOL", "[true,false,true]")]
    public void Infer_Identity_ReturnsInputValues(TensorElementType type, string datatype, string data)
    {
        using var runner = Create(type);

        using var response = LrModel.Infer(runner, Request(datatype, data), "identity");

        var output = LrModel.Output(response, "y");
        Assert.Equal(datatype, output.GetProperty("datatype").GetString());
        Assert.Equal(Normalize(data), Normalize(output.GetProperty("data").GetRawText()));
    }

    [Fact]
    public void Infer_IntegralFloatLiteralForInt64_IsAccepted()
    {
        using var runner = Create(TensorElementType.Int64);

        using var response = LrModel.Infer(runner, Request("INT64", "[2.0,1e3,-4]"), "identity");

        Assert.Equal("[2,1000,-4]", LrModel.Output(response, "y").GetProperty("data").GetRawText());
    }

    [Theory]
    [InlineData(TensorElementType.Int64, "INT64", "[1.5,2,3]", "Input 'x' data has 1.5, which is not an integer as datatype INT64 requires.")]
    [InlineData(TensorElementType.Int64, "INT64", "[1,2,9223372036854775808]", "Input 'x' data has 9223372036854775808, which is out of range for datatype INT64.")]
    [InlineData(TensorElementType.UInt8, "UINT8", "[1,2,256]", "Input 'x' data has 256, which is out of range for datatype UINT8.")]
    [InlineData(TensorElementType.UInt8, "UINT8", "[1,-1,2]", "Input 'x' data has -1, which is out of range for datatype UINT8.")]
    [InlineData(TensorElementType.Int8, "INT8", "[1,2,-129]", "Input 'x' data has -129, which is out of range for datatype INT8.")]
    [InlineData(TensorElementType.Int32, "INT32", "[1,2,\"3\"]", "Input 'x' data must contain only numbers for datatype INT32; found the string \"3\".")]
    [InlineData(TensorElementType.Bool, "BOOL", "[true,1,false]", "Input 'x' data must contain only true or false for datatype BOOL; found 1.")]
    [InlineData(TensorElementType.Float16, "FP16", "[1,2,70000]", "Input 'x' data has 70000, which is out of range for datatype FP16.")]
    [InlineData(TensorElementType.Float64, "FP64", "[1,2,1e309]", "Input 'x' data has 1e309, which is out of range for datatype FP64.")]
    public void Infer_ValueNotRepresentable_Returns400(TensorElementType type, string datatype, string data, string expected)
    {
        using var runner = Create(type);

        var ex = LrModel.Reject(runner, Request(datatype, data));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void Infer_BytesInput_Returns400NotSupported()
    {
        using var runner = Create(TensorElementType.String);

        var ex = LrModel.Reject(runner, Request("BYTES", "[\"a\",\"b\",\"c\"]"));

        Assert.Equal("Input 'x' has datatype BYTES, which Modelplane does not support yet.", ex.Message);
    }

    private static IModelRunner Create(TensorElementType type) =>
        LrModel.NewFactory().Create(IdentityOnnx.Version(type, -1, 3), IdentityOnnx.Build(type, -1, 3));

    private static string Request(string datatype, string data) =>
        $$"""{"inputs":[{"name":"x","shape":[1,3],"datatype":"{{datatype}}","data":{{data}}}]}""";

    private static string Normalize(string json) =>
        string.Join(",", JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.ValueKind switch
        {
            JsonValueKind.Number when e.TryGetInt64(out var l) => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
            JsonValueKind.Number when e.TryGetUInt64(out var u) => u.ToString(System.Globalization.CultureInfo.InvariantCulture),
            JsonValueKind.Number => e.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            _ => e.GetRawText(),
        }));
}
