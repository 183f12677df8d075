using Modelplane.Registry.Models;

namespace Modelplane.Governance.Signing;

/// <summary>
/// Checks signatures over artifact digests against a workspace's registered keys: before a signature is stored, and
/// when a policy asks which trusted keys vouch for a version.
/// </summary>
internal sealed class ArtifactSignatureVerifier(SigningKeyStore keys, TimeProvider time)
{
    /// <summary>Verifies a new signature by key <paramref name="keyName"/> and returns it ready to store.</summary>
    /// <exception cref="SignatureRejectedException">The key is unknown or revoked, or the signature does not verify.</exception>
    public async Task<VersionSignature> VerifyAsync(string workspace, string keyName, string digest, byte[] signature, CancellationToken ct)
    {
        var key = await keys.GetAsync(workspace, keyName, ct).ConfigureAwait(false)
            ?? throw new SignatureRejectedException($"Signing key '{keyName}' is not registered in workspace '{workspace}'; register it with `modelplane keys create {keyName}`.");
        if (key.Revoked)
        {
            throw new SignatureRejectedException($"Signing key '{keyName}' was revoked; its signatures are not accepted.");
        }

        return ArtifactSigning.Verify(key.PublicKey, digest, signature)
            ? new VersionSignature(key.Name, key.Fingerprint, signature, time.GetUtcNow())
            : throw new SignatureRejectedException($"The signature does not verify with signing key '{keyName}' (fingerprint {key.Fingerprint}) over sha256:{digest}.");
    }

    /// <summary>
    /// The names of the keys, registered in <paramref name="workspace"/> and not revoked, that made a valid signature
    /// over <paramref name="digest"/> among <paramref name="signatures"/> (ordered by name). A signature by a key since
    /// replaced under the same name (another fingerprint) does not count.
    /// </summary>
    public async Task<IReadOnlyList<string>> TrustedSignersAsync(
        string workspace, string digest, IReadOnlyList<VersionSignature> signatures, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        if (signatures.Count == 0)
        {
            return [];
        }

        var trusted = (await keys.ListAsync(workspace, ct).ConfigureAwait(false))
            .Where(k => !k.Revoked)
            .ToDictionary(k => k.Fingerprint, StringComparer.Ordinal);
        return [.. signatures
            .Where(s => trusted.TryGetValue(s.Fingerprint, out var key) && ArtifactSigning.Verify(key.PublicKey, digest, s.Signature))
            .Select(s => trusted[s.Fingerprint].Name)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }
}
