using System.Buffers;
using System.Text;
using Modelplane.Serving.Logging;

namespace Modelplane.Serving.Tests.Logging;

public sealed class LoggedRequestLimitsTests
{
    public static TheoryData<string, RequestFormat> Bodies => new()
    {
        { $$"""{"inputs":[{"name":"x","data":[{{string.Join(",", Enumerable.Range(0, 500))}}]}]}""", RequestFormat.OipJson },
        { $$$"""{"dataframe_split":{"columns":["x"],"data":[{{{string.Join(",", Enumerable.Range(0, 500).Select(i => $"[{i}]"))}}}]}}""", RequestFormat.MlflowJson },
        { $$"""{"dataframe_records":[{{string.Join(",", Enumerable.Range(0, 500).Select(i => "{\"x\":" + i + "}"))}}]}""", RequestFormat.MlflowJson },
        { "x\n" + string.Join("\n", Enumerable.Range(0, 500)), RequestFormat.MlflowCsv },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Inputs_OutputOverMaxBytes_TruncatedWithBodyLength(string body, RequestFormat format)
    {
        Assert.Equal($$"""{"truncated":true,"bytes":{{Encoding.UTF8.GetByteCount(body)}}}""", Redaction.Inputs(body, format, maxBytes: 1000));
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Inputs_OutputOverMaxBytesOnlyOnceRedacted_Truncated(string body, RequestFormat format)
    {
        var full = Redaction.Inputs(body, format, Redaction.Of("x"), maxBytes: int.MaxValue);

        Assert.StartsWith("{\"truncated\"", Redaction.Inputs(body, format, Redaction.Of("x"), maxBytes: full.Length - 1), StringComparison.Ordinal);
        Assert.Equal(full, Redaction.Inputs(body, format, Redaction.Of("x"), maxBytes: full.Length));
    }

    [Fact]
    public void Inputs_OutputExactlyMaxBytes_Kept()
    {
        const string Expected = """[{"name":"x","data":[1,2]}]""";

        Assert.Equal(Expected, Redaction.Inputs("""{"inputs": [{"name": "x", "data": [1, 2]}]}""", RequestFormat.OipJson, maxBytes: Expected.Length));
    }

    [Theory]
    [InlineData("", RequestFormat.OipJson)]
    [InlineData("""{"inputs": [{"name": "x", "data": [1, 2]}""", RequestFormat.OipJson)]
    [InlineData("""{"inputs": {"name": "x"}}""", RequestFormat.OipJson)]
    [InlineData("""{"id": "no inputs"}""", RequestFormat.OipJson)]
    [InlineData("""{"inputs": [1]}""", RequestFormat.OipJson)]
    [InlineData("""{"inputs": [{"name": "x", "data": [1]}]}{}""", RequestFormat.OipJson)]
    [InlineData("not json", RequestFormat.MlflowJson)]
    [InlineData("""{"inputs": [[NaN]]}""", RequestFormat.MlflowJson)]
    public void Inputs_MalformedBody_UnparsedWithBodyLength(string body, RequestFormat format)
    {
        Assert.Equal($$"""{"unparsed":true,"bytes":{{body.Length}}}""", Redaction.Inputs(body, format, Redaction.Of("x")));
    }

    [Theory]
    [InlineData(RequestFormat.OipJson, "{\"inputs\":[{\"name\":\"x\",\"data\":[\"", "\"]}]}")]
    [InlineData(RequestFormat.MlflowJson, "{\"instances\":[\"", "\"]}")]
    [InlineData(RequestFormat.MlflowCsv, "a\n", "\n")]
    public void Inputs_InvalidUtf8_Unparsed(RequestFormat format, string before, string after)
    {
        byte[] body = [.. Encoding.UTF8.GetBytes(before), 0xFF, .. Encoding.UTF8.GetBytes(after)];

        Assert.Equal(
            $$"""{"unparsed":true,"bytes":{{body.Length}}}""",
            LoggedRequest.Inputs(new ReadOnlySequence<byte>(body), format, 0, FieldRedactor.None));
    }
}
