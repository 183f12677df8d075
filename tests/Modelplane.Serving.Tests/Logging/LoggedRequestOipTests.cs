using System.Buffers;
using System.Text;
using Modelplane.Serving.Logging;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.Logging;

public sealed class LoggedRequestOipTests
{
    private const string Body = """
        {
          "id": "req-1",
          "inputs": [
            {"name": "email", "shape": [2], "datatype": "BYTES", "data": ["a@x.io", "b@x.io"]},
            {"name": "age", "shape": [2], "datatype": "INT64", "data": [41, 42], "parameters": {"content_type": "np"}}
          ],
          "parameters": {"timeout": 100},
          "outputs": [{"name": "probability"}]
        }
        """;

    [Fact]
    public void Inputs_OipJson_KeepsInputsCompactAndDropsIdParametersAndOutputs()
    {
        Assert.Equal(
            """[{"name":"email","shape":[2],"datatype":"BYTES","data":["a@x.io","b@x.io"]},{"name":"age","shape":[2],"datatype":"INT64","data":[41,42],"parameters":{"content_type":"np"}}]""",
            Redaction.Inputs(Body, RequestFormat.OipJson));
    }

    [Fact]
    public void Inputs_OipJsonRedactedInput_ReplacesDataWithHashOfCompactData()
    {
        var hash = Redaction.Hash("""["a@x.io","b@x.io"]""");

        Assert.Equal(
            $$$"""[{"name":"email","shape":[2],"datatype":"BYTES","data":{"redacted":"{{{hash}}}"}},{"name":"age","shape":[2],"datatype":"INT64","data":[41,42],"parameters":{"content_type":"np"}}]""",
            Redaction.Inputs(Body, RequestFormat.OipJson, Redaction.Of("email")));
    }

    [Fact]
    public void Inputs_OipJsonSameDataSpacedDifferently_GivesSameHash()
    {
        var compact = Redaction.Inputs("""{"inputs":[{"name":"email","data":["a@x.io"]}]}""", RequestFormat.OipJson, Redaction.Of("email"));
        var spaced = Redaction.Inputs("{\"inputs\":[{\"name\":\"email\",\"data\":[ \"a@x.io\"\n ]}]}", RequestFormat.OipJson, Redaction.Of("email"));

        Assert.Equal(compact, spaced);
    }

    [Fact]
    public void Inputs_OipJsonDataBeforeName_StillRedacts()
    {
        var hash = Redaction.Hash("""["123-45-6789"]""");

        Assert.Equal(
            $$"""[{"data":{"redacted":"{{hash}}"},"datatype":"BYTES","name":"ssn"}]""",
            Redaction.Inputs("""{"inputs":[{"data":["123-45-6789"],"datatype":"BYTES","name":"ssn"}]}""", RequestFormat.OipJson, Redaction.Of("ssn")));
    }

    [Fact]
    public void Inputs_OipJsonRedactedFieldAbsent_ChangesNothing()
    {
        Assert.Equal(Redaction.Inputs(Body, RequestFormat.OipJson), Redaction.Inputs(Body, RequestFormat.OipJson, Redaction.Of("ssn")));
    }

    [Fact]
    public void Inputs_OipJsonEscapedNonAsciiAndPlus_StoredDecodedAndUnescaped()
    {
        Assert.Equal(
            """[{"name":"email","data":["a+b@x.io","zoë","a"]}]""",
            Redaction.Inputs("""{"inputs":[{"name":"email","data":["a+b@x.io","zoë","\u0061"]}]}""", RequestFormat.OipJson));
    }

    [Fact]
    public void Inputs_BodyInSmallSegments_SameAsOneSegment()
    {
        var bytes = Encoding.UTF8.GetBytes(Body);

        Assert.Equal(
            Redaction.Inputs(Body, RequestFormat.OipJson, Redaction.Of("email")),
            LoggedRequest.Inputs(Segments.Split(bytes, 7), RequestFormat.OipJson, 0, Redaction.Of("email")));
    }

    [Fact]
    public void Inputs_OipBinaryTwoInputsOneBinary_LogsBinarySizeAndJsonData()
    {
        var (body, headerLength) = Binary(
            """{"inputs":[{"name":"x","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":8}},{"name":"tag","shape":[1],"datatype":"BYTES","data":["t"]}]}""",
            [1, 2, 3, 4, 5, 6, 7, 8]);

        Assert.Equal(
            """[{"name":"x","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":8},"data":{"binary_bytes":8}},{"name":"tag","shape":[1],"datatype":"BYTES","data":["t"]}]""",
            LoggedRequest.Inputs(body, RequestFormat.OipBinary, headerLength, FieldRedactor.None));
    }

    [Fact]
    public void Inputs_OipBinaryRedactedSecondBinaryInput_HashesItsOwnRawBytes()
    {
        var (body, headerLength) = Binary(
            """{"inputs":[{"name":"x","parameters":{"binary_data_size":4}},{"name":"ssn","parameters":{"binary_data_size":3}}]}""",
            [1, 2, 3, 4, 9, 8, 7]);
        var hash = Redaction.Of().Hash([9, 8, 7]);

        Assert.Equal(
            $$$"""[{"name":"x","parameters":{"binary_data_size":4},"data":{"binary_bytes":4}},{"name":"ssn","parameters":{"binary_data_size":3},"data":{"redacted":"{{{hash}}}"}}]""",
            LoggedRequest.Inputs(body, RequestFormat.OipBinary, headerLength, Redaction.Of("ssn")));
    }

    [Fact]
    public void Inputs_OipBinaryFewerBytesThanDeclared_Unparsed()
    {
        var (body, headerLength) = Binary("""{"inputs":[{"name":"x","parameters":{"binary_data_size":8}}]}""", [1, 2, 3]);

        Assert.Equal(
            $$"""{"unparsed":true,"bytes":{{body.Length}}}""",
            LoggedRequest.Inputs(body, RequestFormat.OipBinary, headerLength, FieldRedactor.None));
    }

    [Fact]
    public void Inputs_OipBinaryHeaderLengthPastBody_Unparsed()
    {
        var (body, headerLength) = Binary("""{"inputs":[]}""", []);

        Assert.Equal(
            $$"""{"unparsed":true,"bytes":{{body.Length}}}""",
            LoggedRequest.Inputs(body, RequestFormat.OipBinary, headerLength + 1, FieldRedactor.None));
    }

    private static (ReadOnlySequence<byte> Body, int HeaderLength) Binary(string header, byte[] tensors)
    {
        var json = Encoding.UTF8.GetBytes(header);
        return (new ReadOnlySequence<byte>([.. json, .. tensors]), json.Length);
    }
}
