using Modelplane.Serving.Logging;

namespace Modelplane.Serving.Tests.Logging;

public sealed class LoggedRequestCsvTests
{
    [Fact]
    public void Inputs_MlflowCsv_NumbersAsNumbersTextAsStringsEmptyAsNull()
    {
        Assert.Equal(
            """{"columns":["email","age","score"],"data":[["a@x.io",41,-1.5e3],["b@x.io",null,"NaN"]]}""",
            Redaction.Inputs("email,age,score\r\na@x.io,41,-1.5e3\r\nb@x.io,,NaN\r\n", RequestFormat.MlflowCsv));
    }

    [Fact]
    public void Inputs_MlflowCsvQuotedFields_KeepCommasQuotesAndLineBreaks()
    {
        Assert.Equal(
            """{"columns":["name","note"],"data":[["Doe, Jane","said \"hi\"\nthen left"],["x",7]]}""",
            Redaction.Inputs("name,\"note\"\n\"Doe, Jane\",\"said \"\"hi\"\"\nthen left\"\n\nx,\"7\"\n", RequestFormat.MlflowCsv));
    }

    [Fact]
    public void Inputs_MlflowCsvRedactedColumn_HashesCellsLikeTheSameValuesSentAsJson()
    {
        var json = Redaction.Inputs("""{"dataframe_split": {"columns": ["email", "age"], "data": [["a@x.io", 41]]}}""", RequestFormat.MlflowJson, Redaction.Of("email", "age"));

        Assert.Equal(
            $$"""{"columns":["email","age"],"data":[["{{Redaction.Hash("\"a@x.io\"")}}","{{Redaction.Hash("41")}}"]]}""",
            Redaction.Inputs("email,age\na@x.io,41\n", RequestFormat.MlflowCsv, Redaction.Of("email", "age")));
        Assert.Equal(json, Redaction.Inputs("email,age\na@x.io,41\n", RequestFormat.MlflowCsv, Redaction.Of("email", "age")));
    }

    [Fact]
    public void Inputs_MlflowCsvRedactedFieldAbsent_ChangesNothing()
    {
        Assert.Equal(Redaction.Inputs("a,b\n1,x\n", RequestFormat.MlflowCsv), Redaction.Inputs("a,b\n1,x\n", RequestFormat.MlflowCsv, Redaction.Of("email")));
    }

    [Fact]
    public void Inputs_MlflowCsvFirstRowAllNumbers_IsDataWithEmptyColumns()
    {
        Assert.Equal("""{"columns":[],"data":[[1,2],[3,4]]}""", Redaction.Inputs("1,2\n3,4", RequestFormat.MlflowCsv));
    }

    [Theory]
    [InlineData("a,b\n1,2,3\n")]
    [InlineData("a,b\n1\n")]
    [InlineData("a,b\n\"1,2\n")]
    [InlineData("a,b\n\"1\"x,2\n")]
    [InlineData("")]
    public void Inputs_MlflowCsvMalformed_Unparsed(string body)
    {
        Assert.Equal($$"""{"unparsed":true,"bytes":{{body.Length}}}""", Redaction.Inputs(body, RequestFormat.MlflowCsv));
    }
}
