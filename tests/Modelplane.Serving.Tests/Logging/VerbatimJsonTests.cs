using System.Buffers;
using System.Text;
using Modelplane.Serving.Logging;

namespace Modelplane.Serving.Tests.Logging;

/// <summary>
/// A compact ASCII body is stored by slicing it (the fast path), any other by rewriting it; both must store the same
/// text. Each body is given compact and with whitespace (which forces the rewriting path), and the two must agree.
/// </summary>
public sealed class VerbatimJsonTests
{
    [Theory]
    [InlineData("""{"id":"r1","inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1.5,-2e3,0]}],"parameters":{"a":1}}""")]
    [InlineData("""{"inputs":[{"name":"a","shape":[1],"datatype":"INT64","data":[7],"parameters":{"p":true}},{"name":"b","shape":[1],"datatype":"BOOL","data":[false]}]}""")]
    [InlineData("""{"inputs":[]}""")]
    [InlineData("""{"inputs":[1,2]}""")]
    [InlineData("""{"inputs":[{"name":"x"}],"inputs":[]}""")]
    [InlineData("""{"inputs":{"name":"x"}}""")]
    [InlineData("""{"id":"r1"}""")]
    [InlineData("""{"inputs":[{"name":"x","data":[1]}]}{"x":1}""")]
    [InlineData("""{"inputs":[{"name":"x","data":[1]}""")]
    public void Inputs_CompactAndSpacedBody_StoreTheSameText(string compact)
    {
        var spaced = compact.Replace(",", ", ", StringComparison.Ordinal).Replace(":", ": ", StringComparison.Ordinal);

        Assert.Equal(Inputs(spaced), Inputs(compact));
    }

    [Fact]
    public void OipInputs_CompactBody_SlicesTheInputsArray()
    {
        var body = """{"id":"q","inputs":[{"name":"x","shape":[1,2],"datatype":"FP32","data":[0.25,1e-7]}]}"""u8;

        Assert.Equal("""[{"name":"x","shape":[1,2],"datatype":"FP32","data":[0.25,1e-7]}]""", Stored(body, VerbatimJson.OipInputs(body)));
    }

    [Theory]
    [InlineData("""{"inputs": []}""")]
    [InlineData("""{"inputs":[{"name":"caf\u00e9"}]}""")]
    [InlineData("""{"inputs":[{"name":"café"}]}""")]
    public void OipInputs_WhitespaceEscapesOrNonAscii_LeftToTheWriter(string body)
    {
        Assert.Null(VerbatimJson.OipInputs(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Outputs_CompactAnswer_SlicesTheOutputs()
    {
        var body = """{"id":"r","outputs":[{"name":"p","data":[0.9]}]}"""u8;

        Assert.Equal("""[{"name":"p","data":[0.9]}]""", Stored(body, VerbatimJson.Outputs(body)));
    }

    [Fact]
    public void Inputs_CompactBodyOverBudget_TruncatedWithBodyLength()
    {
        var body = $$"""{"inputs":[{"name":"x","shape":[1,200],"datatype":"FP32","data":[{{string.Join(',', Enumerable.Range(0, 200))}}]}]}""";

        var stored = LoggedRequest.Inputs(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)), RequestFormat.OipJson, 0, FieldRedactor.None, maxBytes: 100);

        Assert.Equal($$"""{"truncated":true,"bytes":{{body.Length}}}""", stored);
    }

    [Theory]
    [InlineData("""{"model_name":"m","model_version":"1","id":"r","outputs":[{"name":"p","shape":[1,2],"datatype":"FP32","data":[0.1,0.9]}]}""")]
    [InlineData("""{"predictions":[{"label":1},{"label":0}]}""")]
    [InlineData("""{"outputs":7,"more":[1]}""")]
    [InlineData("""{"model_name":"m"}""")]
    [InlineData("""[0.5,1]""")]
    [InlineData("""{"outputs":[1,2""")]
    public void Outputs_CompactAndSpacedBody_StoreTheSameText(string compact)
    {
        var spaced = compact.Replace(",", ", ", StringComparison.Ordinal);

        Assert.Equal(Outputs(spaced), Outputs(compact));
    }

    private static string Stored(ReadOnlySpan<byte> body, Range? value) =>
        value is { } range ? Encoding.ASCII.GetString(body[range]) : "(null)";

    // A marker names the body's length, which spacing changes.
    private static string Inputs(string body) =>
        LoggedRequest.Inputs(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)), RequestFormat.OipJson, 0, FieldRedactor.None)
            .Replace($"\"bytes\":{body.Length}}}", "\"bytes\":N}", StringComparison.Ordinal);

    private static string Outputs(string body) =>
        LoggedResponse.Outputs(Encoding.UTF8.GetBytes(body), isJson: true).Replace($"\"bytes\":{body.Length}}}", "\"bytes\":N}", StringComparison.Ordinal);
}
