using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Signing;

namespace Modelplane.Server.Tests.Governance;

/// <summary>Pushes with <c>signature_key</c> and <c>signature</c>: verified against registered keys before anything is stored.</summary>
public sealed class SignedPushTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Push_ValidSignature_StoresItWithTheVersion()
    {
        var (key, pem, publicKey) = await RegisterKeyAsync();
        var model = TestModels.UniqueName();
        var onnx = TestModels.Linear3(bias: 2);
        var digest = Convert.ToHexStringLower(SHA256.HashData(onnx));

        var pushed = await app.PushAsync(model, onnx, SignedQuery(key, digest, ArtifactSigning.Sign(pem, digest)));
        var shown = await app.CreateClient().GetFromJsonAsync($"/api/v1/models/{model}/versions/1", ModelplaneJsonContext.Default.ModelVersionDto, Ct);

        Assert.Equal([(key, ArtifactSigning.Fingerprint(publicKey))], pushed.Signatures.Select(s => (s.Key, s.Fingerprint)));
        Assert.Equal([(key, ArtifactSigning.Fingerprint(publicKey))], shown!.Signatures.Select(s => (s.Key, s.Fingerprint)));
    }

    [Fact]
    public async Task Push_SignatureOverOtherBytes_400NamingKeyAndNoVersionCreated()
    {
        var (key, pem, _) = await RegisterKeyAsync();
        var model = TestModels.UniqueName();
        var onnx = TestModels.Linear3(bias: 3);
        var digest = Convert.ToHexStringLower(SHA256.HashData(onnx));
        var forged = ArtifactSigning.Sign(pem, Convert.ToHexStringLower(SHA256.HashData(TestModels.Linear3(bias: 4))));

        var (status, body) = await PushRawAsync(model, onnx, SignedQuery(key, digest, forged));
        using var model404 = await app.CreateClient().GetAsync($"/api/v1/models/{model}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"The signature does not verify with signing key '{key}'", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, model404.StatusCode);
    }

    [Fact]
    public async Task Push_UnknownKey_400NamingIt()
    {
        var (pem, _) = ArtifactSigning.CreateKeyPair();
        var onnx = TestModels.Linear3(bias: 5);
        var digest = Convert.ToHexStringLower(SHA256.HashData(onnx));

        var (status, body) = await PushRawAsync(TestModels.UniqueName(), onnx, SignedQuery("nobody-key", digest, ArtifactSigning.Sign(pem, digest)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Signing key 'nobody-key' is not registered in workspace 'default'", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_SignedButBodySwapped_400AndNoVersionCreated()
    {
        var (key, pem, _) = await RegisterKeyAsync();
        var model = TestModels.UniqueName();
        var signed = TestModels.Linear3(bias: 6);
        var digest = Convert.ToHexStringLower(SHA256.HashData(signed));

        var (status, body) = await PushRawAsync(model, TestModels.Linear3(bias: 7), SignedQuery(key, digest, ArtifactSigning.Sign(pem, digest)));
        using var model404 = await app.CreateClient().GetAsync($"/api/v1/models/{model}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"but the client expected {digest}", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, model404.StatusCode);
    }

    [Fact]
    public async Task AddSignature_ExistingVersion_200WithSignatureAndRevokedKeyThen400()
    {
        var (key, pem, _) = await RegisterKeyAsync();
        var model = TestModels.UniqueName();
        var pushed = await app.PushAsync(model, TestModels.Linear3(bias: 8));
        using var client = new ModelplaneClient(app.CreateClient());

        var signed = await client.AddSignatureAsync(model, "1", key, ArtifactSigning.Sign(pem, pushed.Digest), Ct);
        await client.RevokeSigningKeyAsync(key, Ct);
        var revoked = await Assert.ThrowsAsync<ModelplaneApiException>(() => client.AddSignatureAsync(model, "1", key, ArtifactSigning.Sign(pem, pushed.Digest), Ct));

        Assert.Equal([key], signed.Signatures.Select(s => s.Key));
        Assert.Equal((400, $"Signing key '{key}' was revoked; its signatures are not accepted."), (revoked.Status, revoked.Message));
        Assert.Contains(await client.ListSigningKeysAsync(Ct), k => k.Name == key && k.Revoked);
    }

    private async Task<(string Name, string Pem, byte[] PublicKey)> RegisterKeyAsync()
    {
        var name = TestModels.UniqueName("k");
        var (pem, publicKey) = ArtifactSigning.CreateKeyPair();
        using var client = new ModelplaneClient(app.CreateClient());
        var registered = await client.CreateSigningKeyAsync(name, publicKey, Ct);
        Assert.Equal(ArtifactSigning.Fingerprint(publicKey), registered.Fingerprint);
        return (name, pem, publicKey);
    }

    private static string SignedQuery(string key, string digest, byte[] signature) =>
        $"?sha256={digest}&signature_key={key}&signature={Uri.EscapeDataString(Convert.ToBase64String(signature))}";

    private async Task<(HttpStatusCode Status, string Body)> PushRawAsync(string model, byte[] onnx, string query)
    {
        using var content = new ByteArrayContent(onnx);
        content.Headers.ContentType = new("application/octet-stream");
        using var response = await app.CreateClient().PostAsync($"/api/v1/models/{model}/versions{query}", content, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}
