namespace Modelplane.Governance.Signing;

/// <summary>A registered Ed25519 public key of a workspace.</summary>
/// <param name="Name">The key's name, unique in the workspace.</param>
/// <param name="PublicKey">The raw 32-byte public key.</param>
/// <param name="Fingerprint">Hex of the first 16 bytes of the public key's SHA-256.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="CreatedBy">Who registered it.</param>
/// <param name="RevokedAt">When it was revoked, or null while it is trusted.</param>
public sealed record SigningKey(string Name, byte[] PublicKey, string Fingerprint, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt)
{
    /// <summary>True once revoked: its signatures no longer count.</summary>
    public bool Revoked => RevokedAt is not null;
}

/// <summary>A signature the server refuses: unknown or revoked key, or bytes that do not verify. The message names the key.</summary>
public sealed class SignatureRejectedException(string message) : Exception(message);

/// <summary>A key of that name is already registered in the workspace (revoked keys keep their names).</summary>
public sealed class SigningKeyExistsException(string workspace, string name)
    : Exception($"Signing key '{name}' already exists in workspace '{workspace}'; choose another name.");
