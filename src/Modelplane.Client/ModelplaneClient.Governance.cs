using Modelplane.Client.Contracts;

namespace Modelplane.Client;

public sealed partial class ModelplaneClient
{
    /// <summary>Lists the workspace's secrets without values (<c>GET /api/v1/secrets</c>).</summary>
    public Task<IReadOnlyList<SecretDto>> ListSecretsAsync(CancellationToken ct = default)
        => GetAsync("api/v1/secrets", Json.IReadOnlyListSecretDto, ct);

    /// <summary>Creates or rotates a secret (<c>PUT /api/v1/secrets/{name}</c>); the answer shows the value as <c>***</c>.</summary>
    public Task<SecretDto> SetSecretAsync(string name, string value, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Put, $"api/v1/secrets/{Segment(name)}", new SetSecretRequest(value), Json.SetSecretRequest, Json.SecretDto, ct);

    /// <summary>Deletes a secret (<c>DELETE /api/v1/secrets/{name}</c>).</summary>
    public Task DeleteSecretAsync(string name, CancellationToken ct = default)
        => SendWithoutResultAsync(HttpMethod.Delete, $"api/v1/secrets/{Segment(name)}", null, ct);

    /// <summary>Registers an Ed25519 public key under <paramref name="name"/> (<c>POST /api/v1/keys</c>).</summary>
    public Task<SigningKeyDto> CreateSigningKeyAsync(string name, byte[] publicKey, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Post, "api/v1/keys", new CreateSigningKeyRequest(name, Convert.ToBase64String(publicKey)), Json.CreateSigningKeyRequest, Json.SigningKeyDto, ct);

    /// <summary>Lists the workspace's signing keys, revoked ones included (<c>GET /api/v1/keys</c>).</summary>
    public Task<IReadOnlyList<SigningKeyDto>> ListSigningKeysAsync(CancellationToken ct = default)
        => GetAsync("api/v1/keys", Json.IReadOnlyListSigningKeyDto, ct);

    /// <summary>Revokes a signing key (<c>DELETE /api/v1/keys/{name}</c>): its signatures stop counting as trusted.</summary>
    public Task RevokeSigningKeyAsync(string name, CancellationToken ct = default)
        => SendWithoutResultAsync(HttpMethod.Delete, $"api/v1/keys/{Segment(name)}", null, ct);

    /// <summary>Adds a signature to an existing version (<c>POST /api/v1/models/{name}/versions/{v}/signatures</c>).</summary>
    public Task<ModelVersionDto> AddSignatureAsync(string name, string versionOrAlias, string key, byte[] signature, CancellationToken ct = default)
        => SendJsonAsync(
            HttpMethod.Post, $"{VersionPath(name, versionOrAlias)}/signatures", new AddSignatureRequest(key, Convert.ToBase64String(signature)),
            Json.AddSignatureRequest, Json.ModelVersionDto, ct);
}
