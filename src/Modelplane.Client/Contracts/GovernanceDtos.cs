using System.Text.Json.Serialization;

namespace Modelplane.Client.Contracts;

/// <summary>A secret as the API shows it: the value is always <c>***</c>.</summary>
public sealed record SecretDto(
    string Name,
    int Version,
    string Value,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt)
{
    /// <summary>What every response shows instead of a secret's value.</summary>
    public const string Masked = "***";
}

/// <summary>Body of <c>PUT /api/v1/secrets/{name}</c>.</summary>
public sealed record SetSecretRequest(string? Value);

/// <summary>A registered signing key (public half only).</summary>
public sealed record SigningKeyDto(
    string Name,
    string Fingerprint,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("created_by")] string CreatedBy,
    bool Revoked,
    [property: JsonPropertyName("revoked_at")] DateTimeOffset? RevokedAt);

/// <summary>Body of <c>POST /api/v1/keys</c>: a name and the raw 32-byte Ed25519 public key in base64.</summary>
public sealed record CreateSigningKeyRequest(
    string? Name,
    [property: JsonPropertyName("public_key")] string? PublicKey);

/// <summary>Body of <c>POST /api/v1/models/{name}/versions/{v}/signatures</c>: the key's name and the base64 signature over the version's digest.</summary>
public sealed record AddSignatureRequest(string? Key, string? Signature);

/// <summary>A verified signature stored with a version.</summary>
public sealed record VersionSignatureDto(
    string Key,
    string Fingerprint,
    [property: JsonPropertyName("signed_at")] DateTimeOffset SignedAt);
