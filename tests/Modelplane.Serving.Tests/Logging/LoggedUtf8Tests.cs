using System.Buffers;
using System.Text;
using Modelplane.Serving.Logging;

namespace Modelplane.Serving.Tests.Logging;

/// <summary>
/// The writer stores the UTF-8 variants' bytes, the API and the tests read the string variants: the two must store the
/// same text for every format and marker, and the UTF-8 one must append to what the buffer holds, as the writer packs
/// a batch's entries one after another into one buffer.
/// </summary>
public sealed class LoggedUtf8Tests
{
    private static readonly byte[] Before = "prior entry"u8.ToArray();

    public static TheoryData<string, RequestFormat, string?, int> Requests => new()
    {
        { """{"id":"r","inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""", RequestFormat.OipJson, null, 65536 },
        { """{"inputs": [{"name": "email", "datatype": "BYTES", "data": ["zoë@x.io"]}]}""", RequestFormat.OipJson, null, 65536 },
        { """{"inputs":[{"name":"email","datatype":"BYTES","data":["a@x.io"]},{"name":"age","data":[41]}]}""", RequestFormat.OipJson, "email", 65536 },
        { """{"dataframe_split": {"columns": ["email", "age"], "data": [["a@x.io", 41]]}}""", RequestFormat.MlflowJson, null, 65536 },
        { """{"dataframe_records": [{"email": "a@x.io", "age": 41}]}""", RequestFormat.MlflowJson, "email", 65536 },
        { """{"instances": [[1, 2], [3, 4]]}""", RequestFormat.MlflowJson, null, 65536 },
        { "email,age\r\na@x.io,41\r\nb@x.io,,\r\n", RequestFormat.MlflowCsv, null, 65536 },
        { "email,age\na@x.io,41\n", RequestFormat.MlflowCsv, "age", 65536 },
        { """{"inputs":[{"name":"x","shape":[1,200],"datatype":"FP32","data":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19]}]}""", RequestFormat.OipJson, null, 40 },
        { """{"inputs": [{"name": "x", "data": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]}]}""", RequestFormat.OipJson, "y", 40 },
        { """{"inputs":[{"name":"x","data":[1]}""", RequestFormat.OipJson, null, 65536 },
        { """{"rows": [1]}""", RequestFormat.MlflowJson, null, 65536 },
        { "a,b\n\"unclosed\n", RequestFormat.MlflowCsv, null, 65536 },
    };

    public static TheoryData<string, bool, int> Responses => new()
    {
        { """{"model_name":"m","id":"r","outputs":[{"name":"p","shape":[1,2],"datatype":"FP32","data":[0.1,0.9]}]}""", true, 65536 },
        { """{"predictions": [{"label": "café"}, {"label": 0}]}""", true, 65536 },
        { "[ 0.5,\n 1 ]", true, 65536 },
        { """{"outputs":[{"name":"p","data":[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9]}]}""", true, 20 },
        { """{"outputs": [{"name": "p", "data": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]}]}""", true, 20 },
        { "{\"outputs", true, 65536 },
        { "\u0001\u0002\u0003 raw tensor bytes", false, 65536 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void WriteInputs_EveryFormatAndMarker_AppendsTheBytesOfInputs(string body, RequestFormat format, string? redact, int maxBytes)
    {
        var redactor = redact is null ? FieldRedactor.None : Redaction.Of(redact);
        var bytes = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body));
        var output = Prefilled();

        LoggedRequest.WriteInputs(output, bytes, format, 0, redactor, maxBytes);

        Assert.Equal(Before, output.WrittenSpan[..Before.Length]);
        Assert.Equal(Encoding.UTF8.GetBytes(LoggedRequest.Inputs(bytes, format, 0, redactor, maxBytes)), output.WrittenSpan[Before.Length..]);
    }

    [Theory]
    [InlineData(0, "x")]
    [InlineData(0, null)]
    [InlineData(1, null)]
    public void WriteInputs_OipBinary_AppendsTheBytesOfInputs(int headerPastBody, string? redact)
    {
        var header = Encoding.UTF8.GetBytes("""{"inputs":[{"name":"x","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":8}}]}""");
        var body = new ReadOnlySequence<byte>([.. header, 1, 2, 3, 4, 5, 6, 7, 8]);
        var redactor = redact is null ? FieldRedactor.None : Redaction.Of(redact);
        var headerLength = header.Length + (headerPastBody * 100);
        var output = Prefilled();

        LoggedRequest.WriteInputs(output, body, RequestFormat.OipBinary, headerLength, redactor);

        Assert.Equal(
            Encoding.UTF8.GetBytes(LoggedRequest.Inputs(body, RequestFormat.OipBinary, headerLength, redactor)),
            output.WrittenSpan[Before.Length..]);
    }

    [Theory]
    [MemberData(nameof(Responses))]
    public void WriteOutputs_EveryShapeAndMarker_AppendsTheBytesOfOutputs(string body, bool isJson, int maxBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var output = Prefilled();

        LoggedResponse.WriteOutputs(output, bytes, isJson, maxBytes);

        Assert.Equal(Before, output.WrittenSpan[..Before.Length]);
        Assert.Equal(Encoding.UTF8.GetBytes(LoggedResponse.Outputs(bytes, isJson, maxBytes)), output.WrittenSpan[Before.Length..]);
    }

    [Fact]
    public void WriteInputs_OverBudget_WritesOnlyTheMarker()
    {
        var body = Encoding.UTF8.GetBytes("""{"inputs": [{"name": "x", "data": [1, 2, 3, 4, 5, 6, 7, 8, 9]}]}""");
        var output = new ArrayBufferWriter<byte>();

        LoggedRequest.WriteInputs(output, new ReadOnlySequence<byte>(body), RequestFormat.OipJson, 0, FieldRedactor.None, maxBytes: 10);

        Assert.Equal($$"""{"truncated":true,"bytes":{{body.Length}}}""", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    private static ArrayBufferWriter<byte> Prefilled()
    {
        // Small, so the entry makes the buffer grow past what was written before it.
        var output = new ArrayBufferWriter<byte>(Before.Length);
        output.Write(Before);
        return output;
    }
}
