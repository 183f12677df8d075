using System.Text;
using System.Text.Json;

namespace Modelplane.Server.Tests.Mlflow;

// Traversal attempts sent byte for byte over a socket: HttpClient would normalise "..", and Kestrel's own decoding and
// dot-segment removal are part of what is under test.
public sealed class MlflowArtifactsTraversalTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    private const string Proxy = "/api/2.0/mlflow-artifacts/artifacts";
    private const string Escape = "escape-7f3a";

    [Theory]
    // Reach the handler and are refused by path validation after decoding.
    [InlineData("PUT", Proxy + "/..%2F..%2F" + Escape, 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("PUT", Proxy + "/%2e%2e%2F%2e%2e%2F" + Escape, 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("PUT", Proxy + "/%252e%252e/%252e%252e/" + Escape, 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("PUT", Proxy + "/%2Ftmp%2F" + Escape, 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("PUT", Proxy + "/a%5C..%5C..%5C" + Escape, 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("PUT", Proxy + "//tmp/" + Escape, 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("PUT", Proxy + "/a/%2525252525252e%2525252525252e/" + Escape, 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("PUT", Proxy + "/a%0Ab/" + Escape, 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("GET", Proxy + "/..%2F..%2Fmodelplane.db", 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("DELETE", Proxy + "/..%2F..%2Fmodelplane.db", 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("GET", Proxy + "?path=..%2F..", 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("GET", Proxy + "?path=%252e%252e", 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("GET", Proxy + "?path=%2Fetc", 400, "INVALID_PARAMETER_VALUE")]
    // Kestrel decodes %2e and removes the dot segments first, so these land outside the artifact routes.
    [InlineData("PUT", Proxy + "/a/%2e%2e/%2e%2e/" + Escape, 404, "ENDPOINT_NOT_FOUND")]
    // Two levels up leaves /api/2.0 altogether: the platform's fallback answers in its own shape.
    [InlineData("PUT", Proxy + "/../../" + Escape, 404, null)]
    public async Task Request_TraversalAttempt_RefusedAndNothingWritten(string method, string target, int status, string? errorCode)
    {
        var (actual, body) = await app.SendRawAsync(method, target, Encoding.UTF8.GetBytes("pwned"));

        Assert.True(actual == status, $"{method} {target}: {actual} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        var code = json.TryGetProperty("error_code", out var c) ? c.GetString() : null;
        Assert.Equal(errorCode, code);
        Assert.True(code is not null || json.TryGetProperty("error", out _), body);
        AssertNoEscapedFile();
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "modelplane.db")));
    }

    private void AssertNoEscapedFile()
    {
        Assert.Empty(Directory.GetFiles(app.DataDirectory, Escape, SearchOption.AllDirectories));
        for (var dir = new DirectoryInfo(app.DataDirectory); dir is not null; dir = dir.Parent)
        {
            Assert.False(File.Exists(Path.Combine(dir.FullName, Escape)), $"{Escape} was written in {dir.FullName}");
        }
    }
}
