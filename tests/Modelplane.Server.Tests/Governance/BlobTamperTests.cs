using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Server.Tests.Oip;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Tests.Governance;

/// <summary>One flipped byte in a stored blob: the load is refused with 503 naming the mismatch, and what served keeps serving.</summary>
public sealed class BlobTamperTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly RepositoryHttp _http = new(app.CreateClient());

    [Fact]
    public async Task Load_FlippedByteInBlob_503DigestMismatchAndEndpointKeepsServingPreviousVersion()
    {
        var model = TestModels.UniqueName();
        var endpoint = TestModels.UniqueName("e");
        await app.PushAsync(model, TestModels.Linear3(bias: 1));
        var v2 = await app.PushAsync(model, TestModels.Linear3(bias: 10));
        await app.CreateEndpointAsync(endpoint, model, 1);
        var cache = app.Services.GetRequiredService<ModelRuntimeCache>();
        var before = cache.DigestMismatches;
        var actual = FlipOneByte(v2.Digest);

        var (status, body) = await _http.PostAsync($"/v2/repository/models/{model}/versions/2/load");
        var (switchStatus, switchBody) = await PutEndpointAsync(endpoint, model, 2);
        var served = await _http.InferAsync(endpoint);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(
            $"{{\"error\":\"Model '{model}' version 2 cannot be loaded: artifact digest mismatch (expected sha256:{v2.Digest}, the stored bytes hash to sha256:{actual}); the blob was corrupted or tampered with, and it will not be served.\"}}",
            body);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, switchStatus);
        Assert.Contains("artifact digest mismatch", switchBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, served.Status);
        Assert.Equal(7f, RepositoryHttp.Prediction(served.Body));
        Assert.Equal(2, cache.DigestMismatches - before);
    }

    [Fact]
    public async Task Predict_TamperedVersionNotLoaded_503NamingTheMismatch()
    {
        var model = TestModels.UniqueName();
        var v1 = await app.PushAsync(model, TestModels.Linear3(bias: 3));
        FlipOneByte(v1.Digest);

        var (status, body, _) = await _http.InferAsync(model);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains($"Model '{model}' version 1 cannot be loaded: artifact digest mismatch", body, StringComparison.Ordinal);
    }

    private string FlipOneByte(string digest)
    {
        var path = BlobPath(digest);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
    }

    // Found by name under the data directory, so the test does not depend on how blobs are laid out in folders.
    private string BlobPath(string digest) =>
        Directory.EnumerateFiles(Path.Combine(app.DataDirectory, "blobs"), digest, SearchOption.AllDirectories).Single();

    private async Task<(HttpStatusCode Status, string Body)> PutEndpointAsync(string endpoint, string model, int version)
    {
        using var content = new StringContent($$"""{"model":"{{model}}","version":{{version}}}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await app.CreateClient().PutAsync($"/api/v1/endpoints/{endpoint}", content, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
