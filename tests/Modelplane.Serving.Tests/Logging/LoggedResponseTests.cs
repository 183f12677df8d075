using System.Text;
using Modelplane.Serving.Logging;

namespace Modelplane.Serving.Tests.Logging;

public sealed class LoggedResponseTests
{
    [Fact]
    public void Outputs_OipJson_ReturnsOutputsArrayCompacted()
    {
        var body = """
            {"model_name": "lr", "id": "r1",
             "outputs": [{"name": "probability", "shape": [2], "datatype": "FP32", "data": [0.25, 0.75]}]}
            """u8;

        Assert.Equal("""[{"name":"probability","shape":[2],"datatype":"FP32","data":[0.25,0.75]}]""", LoggedResponse.Outputs(body, isJson: true));
    }

    [Fact]
    public void Outputs_MlflowJson_ReturnsPredictions()
    {
        Assert.Equal("""[{"label":1},{"label":0}]""", LoggedResponse.Outputs("""{"predictions": [{"label": 1}, {"label": 0}]}"""u8, isJson: true));
    }

    [Fact]
    public void Outputs_JsonWithoutOutputsOrPredictions_ReturnsWholeBodyCompacted()
    {
        Assert.Equal("[0.5,1]", LoggedResponse.Outputs("[ 0.5,\n 1 ]"u8, isJson: true));
    }

    [Fact]
    public void Outputs_Binary_ReturnsByteCount()
    {
        Assert.Equal("""{"binary_bytes":12}""", LoggedResponse.Outputs(new byte[12], isJson: false));
    }

    [Fact]
    public void Outputs_OverMaxBytes_TruncatedWithBodyLength()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"predictions": [{{string.Join(", ", Enumerable.Range(0, 100))}}]}""");

        Assert.Equal($$"""{"truncated":true,"bytes":{{body.Length}}}""", LoggedResponse.Outputs(body, isJson: true, maxBytes: 50));
    }

    [Fact]
    public void Outputs_InvalidJson_UnparsedWithBodyLength()
    {
        Assert.Equal("""{"unparsed":true,"bytes":9}""", LoggedResponse.Outputs("{\"outputs"u8, isJson: true));
    }
}
