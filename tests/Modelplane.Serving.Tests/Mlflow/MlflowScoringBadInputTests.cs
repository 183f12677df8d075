using System.Buffers;
using System.Text;
using Modelplane.Serving.Mlflow;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.Mlflow;

/// <summary>Bad scoring bodies fail with a 400 (or 413) naming the field, and the hot path does not allocate per row.</summary>
public sealed class MlflowScoringBadInputTests(LrModel lr)
{
    private static readonly string Thirty = string.Join(",", Enumerable.Repeat("0.5", 30));

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"dataframe_split": {"data": [[1]]}, "inputs": [[1]]}""", "both 'dataframe_split' and 'inputs'" },
        { """{"params": {}}""", "exactly one of the fields dataframe_split, dataframe_records, instances, inputs" },
        { $$"""{"inputs": [[{{Thirty}}], [1, 2]]}""", "Row 1 of 'inputs' has 2 values for input 'input', which takes 30 per row" },
        { $$"""{"inputs": [[{{Thirty}}, 1]]}""", "Row 0 of 'inputs' has 31 values" },
        { """{"inputs": [["a"]]}""", "Input 'input' data must contain only numbers" },
        { """{"inputs": []}""", "Field 'inputs' has no rows" },
        { """{"dataframe_split": {"columns": ["x"]}}""", "Field 'dataframe_split.data' is missing" },
        { """{"dataframe_split": {"columns": ["x", "y"], "data": [[1, 2]]}}""", "Field 'dataframe_split.columns' has 2 columns" },
        { """{"dataframe_records": [{"x": 1}, {"y": 2}]}""", "Field 'dataframe_records' has 1 columns" },
        { """{"inputs": [[1e999]]}""", "out of range for datatype FP32" },
        { """{"inputs": [[NaN]]}""", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public void Decode_BadBody_Rejects400NamingTheField(string body, string mentioned)
    {
        var ex = Scoring.Reject(lr.Runner, body);

        Assert.Equal(400, ex.StatusCode);
        Assert.Contains(mentioned, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ParamsNotAnObject_InvalidParameterValue()
    {
        var ex = Scoring.Reject(lr.Runner, $$"""{"inputs": [[{{Thirty}}]], "params": [1]}""");

        Assert.Equal(MlflowErrorCodes.InvalidParameterValue, MlflowErrorCodes.Of(ex));
        Assert.Contains("'params' must be an object", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_RecordsWithDifferentColumns_RejectsNamingTheRecord()
    {
        var first = "{" + string.Join(",", Enumerable.Range(0, 30).Select(i => $"\"f{i}\": 1")) + "}";
        var second = "{" + string.Join(",", Enumerable.Range(1, 30).Select(i => $"\"f{i}\": 1")) + "}";

        var ex = Scoring.Reject(lr.Runner, $$"""{"dataframe_records": [{{first}}, {{second}}]}""");

        Assert.Equal("Entry 1 of 'dataframe_records' has column 'f30', which the first record does not have.", ex.Message);
    }

    [Fact]
    public void Decode_DeepNesting_Rejects400()
    {
        var ex = Scoring.Reject(lr.Runner, $$"""{"inputs": {{new string('[', 10_000)}}{{new string(']', 10_000)}} }""");

        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("depth", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Decode_MoreRowsThanTheElementLimit_Rejects413()
    {
        using var runner = LrModel.NewFactory(new ServingOptions { MaxTensorElements = 64 }).Create(LrModel.Version, lr.Artifact);

        var ex = Scoring.Reject(runner, $$"""{"inputs": [[{{Thirty}}], [{{Thirty}}], [{{Thirty}}]]}""");

        Assert.Equal(413, ex.StatusCode);
        Assert.Contains("the limit is 64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_CsvWithTextWhereNumbersBelong_RejectsNamingRowAndField()
    {
        var ex = Scoring.Reject(lr.Runner, $"{Thirty}\n{Thirty.Replace("0.5,0.5", "0.5,abc", StringComparison.Ordinal)}", MlflowContent.Csv);

        Assert.Equal("Row 1 field 1 holds \"abc\", which is not a finite FP32 value as input 'input' needs.", ex.Message);
    }

    [Fact]
    public void Infer_SixtyFourRowsAfterWarmUp_AllocatesNoMoreThanOneRow()
    {
        var one = Encoding.UTF8.GetBytes($$"""{"inputs": {{Scoring.Rows(lr, 0, 1)}} }""");
        var many = Encoding.UTF8.GetBytes($$"""{"dataframe_split": {"data": {{Scoring.Rows(lr, 0, 64)}} } }""");
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        var options = new ServingOptions();
        for (var i = 0; i < 20; i++)
        {
            Run(one);
            Run(many);
        }

        var oneRow = Measure(one);
        var manyRows = Measure(many);

        // Per-call costs (ONNX Runtime's run, the task) are the same for both; anything per row or per element would show here.
        Assert.InRange(manyRows - oneRow, -256, 256);

        void Run(byte[] body)
        {
            output.ResetWrittenCount();
            Scoring.Run(lr.Runner, body, MlflowContent.Json, output, options);
        }

        long Measure(byte[] body)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Run(body);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }
}
