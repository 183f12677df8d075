using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Modelplane.Server.Tests.Mlflow;
using Modelplane.Testing.Http;

namespace Modelplane.Server.Tests.Oip;

/// <summary>
/// The size and shape attacks of RELIABILITY.md T05 against the default limits: each is refused fast, with a 4xx
/// naming the problem, without the server reading or allocating more than the limit allows.
/// </summary>
/// <remarks>On a real loopback socket, so Kestrel's framing and the client's early-response handling are the real ones.</remarks>
public sealed class InferLimitTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>, IAsyncLifetime
{
    private const string Model = "limits-linear";
    private const string Input = """{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,2,3]}""";
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
    public async Task Infer_MillionRequestsOfOneOutput_Returns400AtTheSecondEntry()
    {
        var body = $$"""{"inputs":[{{Input}}],"outputs":[{{string.Join(",", Enumerable.Repeat("""{"name":"y"}""", 1_000_000))}}]}""";

        var (status, error, elapsed) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Output 'y' is requested more than once.", error);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"took {elapsed}");
    }

    [Fact]
    public async Task Infer_MillionUnknownOutputs_Returns400NamingTheFirst()
    {
        var outputs = string.Join(",", Enumerable.Range(0, 1_000_000).Select(i => $$"""{"name":"o{{i}}"}"""));
        var body = $$"""{"outputs":[{{outputs}}],"inputs":[{{Input}}]}""";

        var (status, error, elapsed) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("Output 'o0' is not an output of model", error, StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"took {elapsed}");
    }

    [Theory]
    [InlineData("data")]
    [InlineData("extension")]
    public async Task Infer_Nesting10000Deep_Returns400NamingJsonDepth(string where)
    {
        var deep = new string('[', 10_000) + "1" + new string(']', 10_000);
        var body = where == "data"
            ? $$"""{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":{{deep}}}]}"""
            : $$"""{"extension":{{deep}},"inputs":[{{Input}}]}""";

        var (status, error, _) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not valid JSON", error, StringComparison.Ordinal);
        Assert.Contains("depth", error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Infer_HundredMegabyteBody_Returns413Quickly(bool chunked)
    {
        var (status, body, elapsed, sent) = await FloodClient.PostAsync(
            app.ClientOptions.BaseAddress, app.AdminToken, $"/v2/models/{Model}/infer", 100L * 1024 * 1024, chunked, Ct);

        Assert.Equal(413, status);
        Assert.Contains("limit of 33554432 bytes", body, StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"took {elapsed}");
        Assert.True(sent < 48L * 1024 * 1024, $"the server let {sent} bytes through");
    }

    private async Task<(HttpStatusCode Status, string Error, TimeSpan Elapsed)> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var watch = Stopwatch.StartNew();
        using var response = await _client.PostAsync($"/v2/models/{Model}/infer", content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        watch.Stop();
        using var doc = JsonDocument.Parse(text);
        return (response.StatusCode, doc.RootElement.GetProperty("error").GetString()!, watch.Elapsed);
    }
}
