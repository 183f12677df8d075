using Modelplane.Serving.Logging;

namespace Modelplane.Serving.Tests.Logging;

public sealed class LoggedRequestMlflowTests
{
    private const string Split = """
        {"dataframe_split": {"columns": ["email", "age"], "index": [7, 8, 9], "data": [["a@x.io", 41], ["b@x.io", 42], ["a@x.io", null]]},
         "params": {"threshold": 0.5}}
        """;

    [Fact]
    public void Inputs_MlflowSplit_WritesColumnsAndDataWithoutIndex()
    {
        Assert.Equal(
            """{"columns":["email","age"],"data":[["a@x.io",41],["b@x.io",42],["a@x.io",null]]}""",
            Redaction.Inputs(Split, RequestFormat.MlflowJson));
    }

    [Fact]
    public void Inputs_MlflowSplitRedactedColumn_HashesEachCellSoEqualCellsMatch()
    {
        var (a, b) = (Redaction.Hash("\"a@x.io\""), Redaction.Hash("\"b@x.io\""));

        Assert.Equal(
            $$"""{"columns":["email","age"],"data":[["{{a}}",41],["{{b}}",42],["{{a}}",null]]}""",
            Redaction.Inputs(Split, RequestFormat.MlflowJson, Redaction.Of("email")));
    }

    [Fact]
    public void Inputs_MlflowSplitDataBeforeColumns_StillRedacts()
    {
        var hash = Redaction.Hash("41");

        Assert.Equal(
            $$"""{"columns":["email","age"],"data":[["a@x.io","{{hash}}"]]}""",
            Redaction.Inputs("""{"dataframe_split":{"data":[["a@x.io",41]],"columns":["email","age"]}}""", RequestFormat.MlflowJson, Redaction.Of("age")));
    }

    [Fact]
    public void Inputs_MlflowSplitRedactedFieldAbsent_ChangesNothing()
    {
        Assert.Equal(Redaction.Inputs(Split, RequestFormat.MlflowJson), Redaction.Inputs(Split, RequestFormat.MlflowJson, Redaction.Of("ssn")));
    }

    [Fact]
    public void Inputs_MlflowRecordsMissingKeys_ColumnsInFirstSeenOrderAndNulls()
    {
        Assert.Equal(
            """{"columns":["age","email","city"],"data":[[41,"a@x.io",null],[null,"b@x.io","Oslo"],[43,null,null]]}""",
            Redaction.Inputs(
                """{"dataframe_records": [{"age": 41, "email": "a@x.io"}, {"email": "b@x.io", "city": "Oslo"}, {"age": 43}]}""",
                RequestFormat.MlflowJson));
    }

    [Fact]
    public void Inputs_MlflowRecordsRedactedColumn_HashesCellsAndLeavesMissingNull()
    {
        var (a, b) = (Redaction.Hash("\"a@x.io\""), Redaction.Hash("""["b@x.io","c@x.io"]"""));

        Assert.Equal(
            $$"""{"columns":["age","email"],"data":[[41,"{{a}}"],[42,null],[43,"{{b}}"]]}""",
            Redaction.Inputs(
                """{"dataframe_records": [{"age": 41, "email": "a@x.io"}, {"age": 42}, {"email": ["b@x.io", "c@x.io"], "age": 43}]}""",
                RequestFormat.MlflowJson,
                Redaction.Of("email")));
    }

    [Fact]
    public void Inputs_MlflowInstances_KeptAsGiven()
    {
        Assert.Equal("[[1,2.5],[3,4]]", Redaction.Inputs("""{"instances": [[1, 2.5], [3, 4]]}""", RequestFormat.MlflowJson, Redaction.Of("email")));
    }

    [Fact]
    public void Inputs_MlflowInputsDict_RedactsEachValueOfTheKey()
    {
        var (a, b) = (Redaction.Hash("\"a@x.io\""), Redaction.Hash("\"b@x.io\""));

        Assert.Equal(
            $$"""{"email":["{{a}}","{{b}}"],"age":[41,42]}""",
            Redaction.Inputs("""{"inputs": {"email": ["a@x.io", "b@x.io"], "age": [41, 42]}}""", RequestFormat.MlflowJson, Redaction.Of("email")));
    }

    [Fact]
    public void Inputs_MlflowInstancesAsRecords_RedactsByKey()
    {
        var a = Redaction.Hash("\"a@x.io\"");

        Assert.Equal(
            $$"""[{"email":"{{a}}","age":41},{"age":42}]""",
            Redaction.Inputs("""{"instances": [{"email": "a@x.io", "age": 41}, {"age": 42}]}""", RequestFormat.MlflowJson, Redaction.Of("email")));
    }

    [Theory]
    [InlineData("""{"dataframe_split": {"columns": ["a"], "data": [[1]]}, "inputs": [[1]]}""")]
    [InlineData("""{"params": {}}""")]
    [InlineData("""{"dataframe_records": {"a": 1}}""")]
    [InlineData("""{"dataframe_split": {"columns": ["a"]}}""")]
    [InlineData("""{"inputs": [[1]]} trailing""")]
    [InlineData("""[[1, 2]]""")]
    public void Inputs_MlflowNotAScoringRequest_Unparsed(string body)
    {
        Assert.Equal($$"""{"unparsed":true,"bytes":{{body.Length}}}""", Redaction.Inputs(body, RequestFormat.MlflowJson, Redaction.Of("a")));
    }
}
