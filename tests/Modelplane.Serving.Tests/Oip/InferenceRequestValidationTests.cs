using System.Text;
using System.Buffers;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.Oip;

public sealed class InferenceRequestValidationTests(LrModel lr)
{
    private static string Row(int count = 30) => string.Join(",", Enumerable.Repeat("0.5", count));

    private static string Input(string fields) => $$"""{"inputs":[{{{fields}}}]}""";

    [Theory]
    [InlineData("{\"inputs\":[", "Request body is not valid JSON: ")]
    [InlineData("{\"inputs\":[]} trailing", "Request body is not valid JSON: ")]
    [InlineData("[1,2]", "Request body must be a JSON object.")]
    [InlineData("{\"id\":\"x\"}", "Field 'inputs' is missing.")]
    [InlineData("{\"inputs\":{}}", "Field 'inputs' must be an array of tensors.")]
    [InlineData("{\"inputs\":[]}", "Input 'input' is missing.")]
    [InlineData("{\"id\":5,\"inputs\":[]}", "Field 'id' must be a string.")]
    public void Infer_MalformedRequest_Returns400NamingTheField(string json, string expected)
    {
        var ex = lr.Reject(json);

        Assert.Equal(400, ex.StatusCode);
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"name\":\"x\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":[]", "Input 'x' is not an input of model 'lr' (expected: input).")]
    [InlineData("\"name\":\"input\",\"shape\":[1,30],\"datatype\":\"FP64\",\"data\":[ROW]", "Input 'input' has datatype FP64; the model expects FP32.")]
    [InlineData("\"name\":\"input\",\"shape\":[1,30],\"datatype\":\"FLOAT\",\"data\":[ROW]", "Input 'input' has unknown datatype 'FLOAT'.")]
    [InlineData("\"name\":\"input\",\"shape\":[1,31],\"datatype\":\"FP32\",\"data\":[ROW]", "Input 'input' has shape [1,31]; the model expects [-1,30].")]
    [InlineData("\"name\":\"input\",\"shape\":[30],\"datatype\":\"FP32\",\"data\":[ROW]", "Input 'input' has shape [30]; the model expects [-1,30].")]
    [InlineData("\"name\":\"input\",\"shape\":[2,30],\"datatype\":\"FP32\",\"data\":[ROW]", "Input 'input' shape [2,30] needs 60 elements but data has 30.")]
    [InlineData("\"name\":\"input\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":[ROW,1]", "Input 'input' shape [1,30] needs 30 elements but data has 31.")]
    [InlineData("\"name\":\"input\",\"shape\":[-1,30],\"datatype\":\"FP32\",\"data\":[ROW]", "Input 'input' has shape [-1,30]; dimensions must not be negative.")]
    [InlineData("\"name\":\"input\",\"shape\":[0,30],\"datatype\":\"FP32\",\"data\":[]", "Input 'input' has shape [0,30]; empty tensors are not supported.")]
    [InlineData("\"name\":\"input\",\"shape\":[9223372036854775807,30],\"datatype\":\"FP32\",\"data\":[]", "Input 'input' has shape [9223372036854775807,30], whose element count overflows.")]
    [InlineData("\"name\":\"input\",\"shape\":[1.5,30],\"datatype\":\"FP32\",\"data\":[]", "Input 'input' field 'shape' must be an array of integers.")]
    [InlineData("\"name\":\"input\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":[\"NaN\"]", "Input 'input' data must contain only numbers for datatype FP32; found the string \"NaN\".")]
    [InlineData("\"name\":\"input\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":[null]", "Input 'input' data must contain only numbers for datatype FP32; found null.")]
    [InlineData("\"name\":\"input\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":[1e39]", "Input 'input' data has 1e39, which is out of range for datatype FP32.")]
    [InlineData("\"name\":\"input\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":{}", "Input 'input' field 'data' must be an array.")]
    [InlineData("\"name\":\"input\",\"shape\":[1,30],\"datatype\":\"FP32\"", "Input 'input' is missing field 'data'.")]
    [InlineData("\"name\":\"input\",\"datatype\":\"FP32\",\"data\":[ROW]", "Input 'input' is missing field 'shape'.")]
    [InlineData("\"name\":\"input\",\"shape\":[1,30],\"data\":[ROW]", "Input 'input' is missing field 'datatype'.")]
    [InlineData("\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":[ROW]", "Input #0 is missing field 'name'.")]
    [InlineData("\"name\":\"input\",\"name\":\"input\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":[ROW]", "Input 'input' has field 'name' more than once.")]
    public void Infer_BadInput_Returns400NamingTheInput(string fields, string expected)
    {
        var ex = lr.Reject(Input(fields.Replace("ROW", Row(), StringComparison.Ordinal)));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void Infer_DuplicateInputName_Returns400()
    {
        var tensor = $$"""{"name":"input","shape":[1,30],"datatype":"FP32","data":[{{Row()}}]}""";

        var ex = lr.Reject($$"""{"inputs":[{{tensor}},{{tensor}}]}""");

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("Input 'input' is given more than once.", ex.Message);
    }

    [Theory]
    [InlineData("[{\"name\":\"score\"}]", "Output 'score' is not an output of model 'lr' (expected: label, probability).")]
    [InlineData("[{\"name\":\"label\"},{\"name\":\"label\"}]", "Output 'label' is requested more than once.")]
    [InlineData("[{\"parameters\":{}}]", "Entry 0 of 'outputs' is missing field 'name'.")]
    public void Infer_BadRequestedOutput_Returns400NamingTheOutput(string outputs, string expected)
    {
        var ex = lr.Reject(lr.Request(0, 1, extra: $"\"outputs\":{outputs},"));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void Infer_ShapeAboveElementLimit_Returns413()
    {
        var ex = lr.Reject(Input($$"""
            "name":"input","shape":[666667,30],"datatype":"FP32","data":[{{Row()}}]
            """));

        Assert.Equal(413, ex.StatusCode);
        Assert.Equal("Input 'input' has 20000010 elements; the limit is 16777216.", ex.Message);
    }

    [Fact]
    public void Infer_BodyAboveByteLimit_Returns413()
    {
        var options = new ServingOptions { MaxRequestBytes = 2048 };
        var body = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(lr.Request(0, 20)));

        var ex = Assert.Throws<InferenceRequestException>(() => lr.Runner.Infer(body, new ArrayBufferWriter<byte>(), "lr", options));

        Assert.Equal(413, ex.StatusCode);
        Assert.StartsWith("The request body has ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Infer_DeepNesting_Returns400()
    {
        var ex = lr.Reject(Input($$"""
            "name":"input","shape":[1,30],"datatype":"FP32","data":{{new string('[', 100)}}1{{new string(']', 100)}}
            """));

        Assert.Equal(400, ex.StatusCode);
        Assert.StartsWith("Request body is not valid JSON: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("depth", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Infer_HugeDeclaredShapeWithTinyData_Returns400WithoutAllocating()
    {
        using var runner = LrModel.NewFactory(new ServingOptions { MaxTensorElements = 1L << 27 }).Create(LrModel.Version, lr.Artifact);
        var json = Input("\"name\":\"input\",\"shape\":[4000000,30],\"datatype\":\"FP32\",\"data\":[1,2,3]");
        LrModel.Reject(runner, json);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = LrModel.Reject(runner, json);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("Input 'input' shape [4000000,30] needs 120000000 elements but data has 3.", ex.Message);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Infer_ShapeWhoseProductOverflows_Returns400()
    {
        var ex = lr.Reject(Input("\"name\":\"input\",\"shape\":[1099511627776,1099511627776],\"datatype\":\"FP32\",\"data\":[1]"));

        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("[1099511627776,1099511627776]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Infer_DataBeforeHeader_IsReadOnSecondPass()
    {
        var json = Input($$"""
            "data":[[{{string.Join(",", lr.Rows[3])}}]],"name":"input","datatype":"FP32","shape":[1,30]
            """);

        using var response = lr.Infer(json);

        Assert.Equal(lr.Labels[3], LrModel.Output(response, "label").GetProperty("data")[0].GetInt64());
    }

    [Fact]
    public void Infer_RejectedRequest_LeavesRunnerUsable()
    {
        lr.Reject(Input("\"name\":\"input\",\"shape\":[2,30],\"datatype\":\"FP32\",\"data\":[1,2]"));

        using var response = lr.Infer(lr.Request(4, 1));

        Assert.Equal(lr.Labels[4], LrModel.Output(response, "label").GetProperty("data")[0].GetInt64());
    }
}
