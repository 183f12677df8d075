using System.Net;
using static Modelplane.Server.Tests.Mlflow.MlflowHttp;

namespace Modelplane.Server.Tests.Mlflow;

// A 4096-byte upload limit, through Kestrel so that a chunked body really streams.
public sealed class MlflowArtifactsLimitTests(SmallLimitsKestrelAppFactory app) : IClassFixture<SmallLimitsKestrelAppFactory>
{
    private const string Proxy = "/api/2.0/mlflow-artifacts/artifacts";

    private readonly HttpClient _client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Put_DeclaredLengthOverLimit_Returns413AndStoresNothing()
    {
        using var content = new ByteArrayContent(new byte[4097]);

        var response = await PutAsync("declared/big.bin", content);

        AssertError(HttpStatusCode.RequestEntityTooLarge, "REQUEST_LIMIT_EXCEEDED", response, "4096");
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "mlflow-artifacts", "declared", "big.bin")));
    }

    [Fact]
    public async Task Put_ChunkedBodyOverLimit_Returns413AndLeavesNoFileOrTemp()
    {
        var (status, body) = await app.SendRawAsync("PUT", $"{Proxy}/chunked/big.bin", new byte[10_000], chunked: true);

        Assert.Equal(413, status);
        Assert.Contains("REQUEST_LIMIT_EXCEEDED", body, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "mlflow-artifacts", "chunked", "big.bin")));
        Assert.Empty(Directory.GetFiles(Path.Combine(app.DataDirectory, "tmp")));
    }

    [Fact]
    public async Task Put_AtLimit_IsStored()
    {
        using var content = new ByteArrayContent(new byte[4096]);

        var (status, _, text) = await PutAsync("edge/ok.bin", content);

        Assert.Equal((HttpStatusCode.OK, "{}"), (status, text));
        Assert.Equal(4096, new FileInfo(Path.Combine(app.DataDirectory, "mlflow-artifacts", "edge", "ok.bin")).Length);
    }

    private async Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body, string Text)> PutAsync(string path, HttpContent content)
    {
        using var response = await _client.PutAsync($"{Proxy}/{path}", content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, System.Text.Json.JsonDocument.Parse(text).RootElement.Clone(), text);
    }
}
