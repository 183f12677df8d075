using System.Net;
using System.Text.Json;
using Modelplane.Testing.Onnx;

namespace Modelplane.Server.Tests.Api;

/// <summary>Uploads over <c>Modelplane:MaxUploadBytes</c> (4096 here) get 413 and leave nothing behind.</summary>
public sealed class UploadLimitTests(SmallLimitsAppFactory app) : IClassFixture<SmallLimitsAppFactory>
{
    // 2,000 float weights: a valid model of about 8 KB, twice the limit.
    private static readonly byte[] LargeModel = OnnxModelBuilder.Linear("x", 2000, [.. Enumerable.Repeat(0.5f, 2000)], 1f).Build();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Push_DeclaredLengthOverLimit_Returns413BeforeReading()
    {
        using var content = new ByteArrayContent(LargeModel);

        var (status, error) = await PushAsync("declared-large", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("4096", error, StringComparison.Ordinal);
        await AssertNothingStoredAsync("declared-large");
    }

    [Fact]
    public async Task Push_ChunkedBodyOverLimit_Returns413WhileStreaming()
    {
        // No Content-Length: the limit can only be enforced while the body streams in.
        using var content = new StreamContent(new MemoryStream(LargeModel));
        content.Headers.ContentLength = null;

        var (status, error) = await PushAsync("chunked-large", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("4096", error, StringComparison.Ordinal);
        await AssertNothingStoredAsync("chunked-large");
    }

    [Fact]
    public async Task Push_ModelUnderLimit_IsAccepted()
    {
        using var content = new ByteArrayContent(TestModels.Linear3());

        var (status, _) = await PushAsync("small-enough", content);

        Assert.Equal(HttpStatusCode.Created, status);
    }

    private async Task<(HttpStatusCode Status, string Body)> PushAsync(string model, HttpContent content)
    {
        content.Headers.ContentType = new("application/octet-stream");
        using var response = await app.CreateClient().PostAsync($"/api/v1/models/{model}/versions", content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return (response.StatusCode, text);
        }

        using var doc = JsonDocument.Parse(text);
        return (response.StatusCode, doc.RootElement.GetProperty("error").GetString()!);
    }

    private async Task AssertNothingStoredAsync(string model)
    {
        using var get = await app.CreateClient().GetAsync($"/api/v1/models/{model}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        var tmp = Path.Combine(app.DataDirectory, "tmp");
        Assert.Empty(Directory.Exists(tmp) ? Directory.EnumerateFiles(tmp) : []);
    }
}
