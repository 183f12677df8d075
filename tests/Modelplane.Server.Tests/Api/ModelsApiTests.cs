using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Testing.Onnx;

namespace Modelplane.Server.Tests.Api;

public sealed class ModelsApiTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Push_ValidModel_Returns201WithDigestOfBytesAndCountsVersionsUp()
    {
        var model = TestModels.UniqueName();
        var bytes = TestModels.Linear3();

        var first = await app.PushAsync(model, bytes, "?description=first%20cut&tag=team%3Drisk&metric=auc%3D0.91");
        var second = await app.PushAsync(model, TestModels.Linear3(bias: 3));

        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), first.Digest);
        Assert.Equal(bytes.Length, first.SizeBytes);
        Assert.Equal("first cut", first.Description);
        Assert.Equal("risk", first.Tags["team"]);
        Assert.Equal(0.91, first.Metrics["auc"]);
        Assert.Equal("FP32", Assert.Single(first.Signature.Inputs).Datatype);
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "blobs", "sha256", first.Digest[..2], first.Digest)));
    }

    [Fact]
    public async Task GetVersion_Pushed_ReturnsSameRecordAndListIncludesModel()
    {
        var model = TestModels.UniqueName();
        var pushed = await app.PushAsync(model, TestModels.Linear3());

        var shown = await _client.GetFromJsonAsync($"/api/v1/models/{model}/versions/1", ModelplaneJsonContext.Default.ModelVersionDto, Ct);
        var list = await _client.GetFromJsonAsync("/api/v1/models", ModelplaneJsonContext.Default.IReadOnlyListModelSummaryDto, Ct);

        Assert.Equal(pushed.Digest, shown!.Digest);
        Assert.Equal(pushed.CreatedAt, shown.CreatedAt);
        Assert.Contains(list!, m => m.Name == model && m.LatestVersion == 1 && m.VersionCount == 1);
    }

    public static TheoryData<string, byte[], string> RefusedUploads => new()
    {
        { "empty", [], "empty" },
        { "not-onnx", "this is a text file, not a model"u8.ToArray(), "not an ONNX model" },
        { "external-data", OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f).WithExternalDataInitializer("W2", "weights.bin").Build(), "external data" },
        { "custom-op", OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0f).WithCustomOperator("com.example.ops", "Fancy").Build(), "custom" },
    };

    [Theory]
    [MemberData(nameof(RefusedUploads))]
    public async Task Push_RefusedArtifact_Returns400NamingProblemAndStoresNothing(string model, byte[] bytes, string mentioned)
    {
        var (status, error) = await PushRawAsync(model, bytes);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(mentioned, error, StringComparison.OrdinalIgnoreCase);
        using var get = await _client.GetAsync($"/api/v1/models/{model}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataDirectory, "tmp")));
    }

    [Fact]
    public async Task Push_WrongDeclaredSha256_Returns400AndStoresNothing()
    {
        var model = TestModels.UniqueName();

        var (status, error) = await PushRawAsync(model, TestModels.Linear3(), "?sha256=" + new string('0', 64));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("SHA-256", error, StringComparison.Ordinal);
        using var get = await _client.GetAsync($"/api/v1/models/{model}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Theory]
    [InlineData("bad%20name")]
    [InlineData("-leading-dash")]
    [InlineData("tilde~name")]
    public async Task Push_InvalidName_Returns400(string name)
    {
        var (status, error) = await PushRawAsync(name, TestModels.Linear3());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("name", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Push_DotDotName_IsRefusedAndCreatesNothing()
    {
        using var content = new ByteArrayContent(TestModels.Linear3());
        using var response = await _client.PostAsync("/api/v1/models/%2E%2E/versions", content, Ct);

        Assert.True((int)response.StatusCode is 400 or 404, $"status {(int)response.StatusCode}");
        Assert.DoesNotContain("\"..\"", await _client.GetStringAsync("/api/v1/models", Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?tag=novalue")]
    [InlineData("?metric=auc%3Dhigh")]
    public async Task Push_MalformedMetadata_Returns400(string query)
    {
        var (status, error) = await PushRawAsync(TestModels.UniqueName(), TestModels.Linear3(), query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("form", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/models/absent")]
    [InlineData("/api/v1/models/absent/versions")]
    [InlineData("/api/v1/models/absent/versions/1")]
    public async Task Get_UnknownModel_Returns404WithError(string path)
    {
        using var response = await _client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("'absent'", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesManagementRoutes()
    {
        using var doc = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json", Ct));

        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/models/{name}/versions", out _));
        Assert.True(paths.TryGetProperty("/api/v1/endpoints", out _));
        Assert.True(paths.TryGetProperty("/v2/models/{name}/infer", out _));
    }

    private async Task<(HttpStatusCode Status, string Error)> PushRawAsync(string model, byte[] bytes, string query = "")
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/octet-stream");
        using var response = await _client.PostAsync($"/api/v1/models/{model}/versions{query}", content, Ct);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return (response.StatusCode, doc.RootElement.GetProperty("error").GetString()!);
    }
}
