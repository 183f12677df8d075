using System.Net;
using System.Text;

namespace Modelplane.Server.Tests.Oip;

/// <summary>The configured body limit (2048 bytes here) is exact: a body of that size is served, one byte more gets 413.</summary>
public sealed class InferBodyLimitTests(SmallLimitsAppFactory app) : IClassFixture<SmallLimitsAppFactory>, IAsyncLifetime
{
    private const string Model = "limit-edge-linear";
    private const int Limit = 2048;
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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Infer_BodyExactlyAtLimit_Succeeds(bool declareLength)
    {
        using var response = await PostAsync(Padded(Limit), declareLength);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"data\":[14]", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Infer_BodyOneByteOverLimit_Returns413NamingTheLimit(bool declareLength)
    {
        using var response = await PostAsync(Padded(Limit + 1), declareLength);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"limit of {Limit} bytes", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>A valid one-row request padded with trailing JSON whitespace to exactly <paramref name="size"/> bytes.</summary>
    private static byte[] Padded(int size)
    {
        var json = TestModels.Request([1, 2, 3]);
        var body = Encoding.UTF8.GetBytes(json + new string(' ', size - json.Length));
        Assert.Equal(size, body.Length);
        return body;
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] body, bool declareLength)
    {
        HttpContent content = declareLength ? new ByteArrayContent(body) : new StreamContent(new UnseekableStream(body));
        content.Headers.ContentType = new("application/json");
        using (content)
        {
            return await _client.PostAsync($"/v2/models/{Model}/infer", content, Ct);
        }
    }

    /// <summary>Hides the length, so the client sends the body chunked, as a streaming client does.</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
