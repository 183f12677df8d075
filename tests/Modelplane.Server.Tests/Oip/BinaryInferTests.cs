using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Modelplane.Server.Tests.Oip;

/// <summary>The OIP binary tensor data extension over REST against a real linear model (y = x·[1,2,3]).</summary>
public sealed class BinaryInferTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>, IAsyncLifetime
{
    private const string Model = "binary-linear";
    private readonly HttpClient _client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        using var response = await _client.GetAsync($"/api/v1/models/{Model}", Ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            await app.PushAsync(Model, TestModels.Linear3(bias: 0));
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Infer_BinaryInput_ReturnsJsonPrediction()
    {
        using var content = BinaryRequest.Linear3([1, 2, 3, 4, 5, 6]);
        using var response = await _client.PostAsync($"/v2/models/{Model}/infer", content, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains(BinaryRequest.Header));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal([14f, 32f], doc.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()));
    }

    [Fact]
    public async Task Infer_OutputBinaryData_ReturnsRawBytesAfterJsonHeader()
    {
        using var content = BinaryRequest.Linear3([1, 2, 3, 4, 5, 6], ""","outputs":[{"name":"y","parameters":{"binary_data":true}}]""");
        using var response = await _client.PostAsync($"/v2/models/{Model}/infer", content, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var (json, tail) = await BinaryRequest.ReadAsync(response);
        using (json)
        {
            var output = json.RootElement.GetProperty("outputs")[0];
            Assert.Equal(8, output.GetProperty("parameters").GetProperty("binary_data_size").GetInt64());
            Assert.False(output.TryGetProperty("data", out _));
            Assert.Equal([2L, 1L], output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        }
        Assert.Equal([14f, 32f], MemoryMarshal.Cast<byte, float>(tail).ToArray());
    }

    [Fact]
    public async Task Infer_BinaryDataOutputParameter_ReturnsEveryOutputAsBinary()
    {
        using var content = BinaryRequest.Linear3([1, 0, 0, 0, 0, 1], ""","parameters":{"binary_data_output":true}""");
        using var response = await _client.PostAsync($"/v2/models/{Model}/infer", content, Ct);

        var (json, tail) = await BinaryRequest.ReadAsync(response);
        json.Dispose();
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([1f, 3f], MemoryMarshal.Cast<byte, float>(tail).ToArray());
    }

    [Fact]
    public async Task Infer_OutputBinaryDataFalse_OverridesBinaryDataOutput()
    {
        using var content = BinaryRequest.Linear3(
            [1, 1, 1], ""","parameters":{"binary_data_output":true},"outputs":[{"parameters":{"binary_data":false},"name":"y"}]""");
        using var response = await _client.PostAsync($"/v2/models/{Model}/infer", content, Ct);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(6f, doc.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle());
    }

    [Fact]
    public async Task Infer_ManyRowsSpanningBufferSegments_ComputesEveryRow()
    {
        var values = Enumerable.Range(0, 3 * 5000).Select(i => (float)(i % 7)).ToArray();
        using var content = BinaryRequest.Linear3(values, ""","outputs":[{"name":"y","parameters":{"binary_data":true}}]""");
        using var response = await _client.PostAsync($"/v2/models/{Model}/infer", content, Ct);

        var (json, tail) = await BinaryRequest.ReadAsync(response);
        json.Dispose();
        var expected = Enumerable.Range(0, 5000).Select(r => values[3 * r] + (2 * values[(3 * r) + 1]) + (3 * values[(3 * r) + 2]));
        Assert.Equal(expected, MemoryMarshal.Cast<byte, float>(tail).ToArray());
    }

    [Fact]
    public async Task Infer_HeaderEqualToBodyWithJsonData_AnswersLikeJson()
    {
        var json = TestModels.Request([1, 1, 1]);
        using var content = BinaryRequest.Content(json, []);
        using var response = await _client.PostAsync($"/v2/models/{Model}/infer", content, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(6f, doc.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle());
    }

    [Fact]
    public async Task ServerMetadata_Always_ListsBinaryTensorDataExtension()
    {
        using var doc = JsonDocument.Parse(await _client.GetStringAsync("/v2", Ct));

        Assert.Contains("binary_tensor_data", doc.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Infer_JsonRequestAskingBinaryOutput_Returns400NamingTheHeader()
    {
        var json = TestModels.Request([1, 1, 1]).TrimEnd('}') + ""","outputs":[{"name":"y","parameters":{"binary_data":true}}]}""";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync($"/v2/models/{Model}/infer", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Inference-Header-Content-Length", doc.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
