using System.Text.Json;
using Modelplane.Cli.Predict;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Tests.Cli.Predict;

public sealed class OipRequestBuilderTests
{
    private static OipModelMetadata Metadata(string datatype, long width, params string[] extraInputs) => new(
        "m", ["1"], "onnxruntime_onnx",
        [new OipTensorMetadata("Features", datatype, [-1, width]), .. extraInputs.Select(n => new OipTensorMetadata(n, "FP32", [-1, 1]))],
        [new OipTensorMetadata("Score", "FP32", [-1, 1])]);

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void IsOipRequest_ObjectWithInputs_True()
    {
        Assert.True(OipRequestBuilder.IsOipRequest(Parse("""{"inputs":[]}""")));
        Assert.False(OipRequestBuilder.IsOipRequest(Parse("""{"rows":[[1]]}""")));
    }

    [Theory]
    [InlineData("[[1,2],[3,4]]", 2)]
    [InlineData("[1,2]", 1)]
    [InlineData("""{"rows":[[1,2],[3,4],[5,6]]}""", 3)]
    [InlineData("""{"Rows":[1,2]}""", 1)]
    public void ReadRows_SupportedLayouts_ReturnsRowsOfTwo(string json, int rows)
    {
        var result = OipRequestBuilder.ReadRows(Parse(json));

        Assert.Equal(rows, result.Count);
        Assert.All(result, row => Assert.Equal(2, row.Length));
    }

    [Fact]
    public void ReadRows_RaggedRows_ThrowsUsageNamingTheRow()
    {
        var ex = Assert.Throws<UsageException>(() => OipRequestBuilder.ReadRows(Parse("[[1,2],[3]]")));

        Assert.Equal("Row 2 has 1 values but row 1 has 2; every row needs the same number of features.", ex.Message);
    }

    [Fact]
    public void FromRows_Fp32Input_BuildsTensorNamedAfterInputWithRowsByWidthShape()
    {
        var rows = OipRequestBuilder.ReadRows(Parse("[[1.5,2,3],[4,5,6.25]]"));

        var request = OipRequestBuilder.FromRows(rows, Metadata("FP32", 3));

        var tensor = Assert.Single(request.Inputs);
        Assert.Equal(("Features", "FP32"), (tensor.Name, tensor.Datatype));
        Assert.Equal([2L, 3L], tensor.Shape);
        Assert.Equal([1.5, 2, 3, 4, 5, 6.25], tensor.Data.EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void FromRows_Int64Input_WritesIntegers()
    {
        var request = OipRequestBuilder.FromRows(OipRequestBuilder.ReadRows(Parse("""[3, 4.0, "5"]""")), Metadata("INT64", 3));

        Assert.Equal("[3,4,5]", request.Inputs[0].Data.GetRawText());
    }

    [Fact]
    public void FromRows_FractionForIntInput_ThrowsUsageNamingThePosition()
    {
        var ex = Assert.Throws<UsageException>(() => OipRequestBuilder.FromRows(OipRequestBuilder.ReadRows(Parse("[[1,2],[3,4.5]]")), Metadata("INT32", 2)));

        Assert.Equal("row 2, value 2: 4.5 is not a whole number, but the input's datatype is INT32.", ex.Message);
    }

    [Fact]
    public void FromRows_BoolInput_AcceptsBooleansAndZeroOne()
    {
        var request = OipRequestBuilder.FromRows(OipRequestBuilder.ReadRows(Parse("[true, 0, 1, false]")), Metadata("BOOL", 4));

        Assert.Equal("[true,false,true,false]", request.Inputs[0].Data.GetRawText());
    }

    [Fact]
    public void FromRows_WidthDiffersFromSignature_ThrowsUsage()
    {
        var ex = Assert.Throws<UsageException>(() => OipRequestBuilder.FromRows(OipRequestBuilder.ReadRows(Parse("[1,2]")), Metadata("FP32", 30)));

        Assert.Equal("Input 'Features' expects 30 values per row, but the rows have 2.", ex.Message);
    }

    [Fact]
    public void FromRows_ModelWithTwoInputs_ThrowsUsageListingThem()
    {
        var ex = Assert.Throws<UsageException>(() => OipRequestBuilder.FromRows(OipRequestBuilder.ReadRows(Parse("[1,2]")), Metadata("FP32", 2, "Label")));

        Assert.StartsWith("Model 'm' has 2 inputs (Features, Label)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_Request_SerializesOipWireShape()
    {
        var request = OipRequestBuilder.FromRows(OipRequestBuilder.ReadRows(Parse("[1,2]")), Metadata("FP32", 2));

        var json = OipRequestBuilder.ToJson(request).GetRawText();

        Assert.Equal("""{"inputs":[{"name":"Features","shape":[1,2],"datatype":"FP32","data":[1,2]}]}""", json);
    }
}
