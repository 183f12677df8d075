using System.Net;
using System.Text.Json;
using Modelplane.Testing.Onnx;

namespace Modelplane.Server.Tests.Oip;

/// <summary>Every malformed binary tensor data extension request gets a 400 naming the header or parameter, and the server keeps serving.</summary>
public sealed class BinaryBadInputTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>, IAsyncLifetime
{
    private const string Model = "binary-bad-linear";
    private const string StringOutputModel = "binary-bad-strings";
    private const string X = """{"name":"x","shape":[1,3],"datatype":"FP32","parameters":{"binary_data_size":12}}""";
    private readonly HttpClient _client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        using var response = await _client.GetAsync($"/api/v1/models/{Model}", Ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            await app.PushAsync(Model, TestModels.Linear3(bias: 0));
            await app.PushAsync(StringOutputModel, OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f).WithStringOutput("label").Build());
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static TheoryData<string?, string, int, string> BadRequests => new()
    {
        // header value (null: the JSON length), JSON header, bytes after it, text the error must contain
        { "abc", $$"""{"inputs":[{{X}}]}""", 12, "Inference-Header-Content-Length" },
        { "-5", $$"""{"inputs":[{{X}}]}""", 12, "Inference-Header-Content-Length" },
        { "1e3", $$"""{"inputs":[{{X}}]}""", 12, "Inference-Header-Content-Length" },
        { "100000", $$"""{"inputs":[{{X}}]}""", 12, "Inference-Header-Content-Length" },
        { "10", $$"""{"inputs":[{{X}}]}""", 12, "JSON" },
        { null, """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","parameters":{"binary_data_size":8}}]}""", 8, "'binary_data_size' is 8 bytes; shape [1,3] of FP32 needs 12" },
        { null, """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","parameters":{"binary_data_size":-12}}]}""", 12, "'binary_data_size' must be a non-negative" },
        { null, """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","parameters":{"binary_data_size":"12"}}]}""", 12, "'binary_data_size'" },
        { null, $$"""{"inputs":[{{X}}]}""", 8, "only 8 bytes of binary data remain" },
        { null, $$"""{"inputs":[{{X}}]}""", 16, "4 bytes after the JSON header" },
        { null, """{"inputs":[{"name":"x","shape":[4000,3],"datatype":"FP32","parameters":{"binary_data_size":48000}}]}""", 12, "only 12 bytes" },
        { null, """{"inputs":[{"name":"x","shape":[1099511627776,1099511627776],"datatype":"FP32","parameters":{"binary_data_size":12}}]}""", 12, "Input 'x' has shape [1099511627776,1099511627776]" },
        { null, """{"inputs":[{"name":"x","shape":[4611686018427387904,3],"datatype":"FP32","parameters":{"binary_data_size":12}}]}""", 12, "overflows" },
        { null, """{"inputs":[{"name":"x","shape":[5000000,3],"datatype":"FP32","parameters":{"binary_data_size":60000000}}]}""", 12, "only 12 bytes" },
        { null, """{"inputs":[{"name":"x","shape":[0,3],"datatype":"FP32","parameters":{"binary_data_size":0}}]}""", 0, "empty" },
        { null, """{"inputs":[{"name":"x","shape":[1,3],"datatype":"BYTES","parameters":{"binary_data_size":12}}]}""", 12, "datatype BYTES; parameter 'binary_data_size'" },
        { null, """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP64","parameters":{"binary_data_size":24}}]}""", 24, "FP64" },
        { null, """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,2,3],"parameters":{"binary_data_size":12}}]}""", 12, "both field 'data' and parameter 'binary_data_size'" },
        { null, $$$"""{"inputs":[{{{X}}}],"outputs":[{"name":"y","parameters":{"binary_data":1}}]}""", 12, "'binary_data'" },
        { null, $$$"""{"inputs":[{{{X}}}],"parameters":{"binary_data_output":"yes"}}""", 12, "'binary_data_output'" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Infer_BadBinaryRequest_Returns400NamingTheProblemAndKeepsServing(string? headerValue, string json, int tailBytes, string mentioned)
    {
        using var content = BinaryRequest.Content(json, new byte[tailBytes], headerValue);
        var (status, error) = await PostAsync(Model, content);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(mentioned, error, StringComparison.Ordinal);
        using var valid = BinaryRequest.Linear3([1, 2, 3]);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Model, valid)).Status);
    }

    [Fact]
    public async Task Infer_BinaryDataOnStringOutput_Returns400NamingTheParameter()
    {
        using var content = BinaryRequest.Linear3([1, 2, 3], ""","outputs":[{"name":"label","parameters":{"binary_data":true}}]""");
        var (status, error) = await PostAsync(StringOutputModel, content);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            "Output 'label' has datatype BYTES; parameter 'binary_data' is supported only for fixed-size datatypes, so ask for it as JSON.", error);
    }

    [Fact]
    public async Task Infer_BinaryDataOutputWithStringOutput_Returns400NamingTheParameter()
    {
        using var content = BinaryRequest.Linear3([1, 2, 3], ""","parameters":{"binary_data_output":true}""");
        var (status, error) = await PostAsync(StringOutputModel, content);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Output 'label' has datatype BYTES; parameter 'binary_data_output'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_StringOutputAsJsonBesideBinaryOutput_ReturnsBoth()
    {
        using var content = BinaryRequest.Linear3(
            [1, 2, 3], ""","outputs":[{"name":"label"},{"name":"y","parameters":{"binary_data":true}}]""");
        using var response = await _client.PostAsync($"/v2/models/{StringOutputModel}/infer", content, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (json, tail) = await BinaryRequest.ReadAsync(response);
        using (json)
        {
            Assert.Equal("14", json.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetString());
        }
        Assert.Equal(BitConverter.GetBytes(14f), tail);
    }

    private async Task<(HttpStatusCode Status, string Error)> PostAsync(string model, HttpContent content)
    {
        using var response = await _client.PostAsync($"/v2/models/{model}/infer", content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return (response.StatusCode, text);
        }
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(text);
        return (response.StatusCode, doc.RootElement.GetProperty("error").GetString()!);
    }
}
