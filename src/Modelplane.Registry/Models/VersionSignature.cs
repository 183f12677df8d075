namespace Modelplane.Registry.Models;

/// <summary>An Ed25519 signature over a version's digest, by a signing key registered in the workspace.</summary>
/// <param name="Key">The signing key's name when the signature was stored.</param>
/// <param name="Fingerprint">Hex of the first 16 bytes of the key's SHA-256, so a key re-created under the same name does not inherit trust.</param>
/// <param name="Signature">The 64 signature bytes over <c>modelplane-artifact-v1:sha256:&lt;digest&gt;</c>.</param>
/// <param name="SignedAt">When the server accepted the signature.</param>
public sealed record VersionSignature(string Key, string Fingerprint, byte[] Signature, DateTimeOffset SignedAt);

/// <summary>Stores signatures with versions; the server verifies them before they get here.</summary>
public interface IVersionSignatureStore
{
    /// <summary>Adds a verified signature; a second signature by the same key fingerprint keeps the first.</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The version does not exist or is deleted.</exception>
    Task AddAsync(string model, int version, VersionSignature signature, CancellationToken ct);
}
