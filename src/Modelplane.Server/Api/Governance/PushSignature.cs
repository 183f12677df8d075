using Modelplane.Governance.Secrets;
using Modelplane.Governance.Signing;
using Modelplane.Registry.Models;

namespace Modelplane.Server.Api.Governance;

/// <summary>A signature sent with a push (<c>signature_key</c>, <c>signature</c>) over the digest the client declared.</summary>
internal sealed record PushSignature(string Key, byte[] Signature, string Digest)
{
    /// <summary>Reads the signature parameters; both or neither, and a signed push must declare <c>sha256</c>.</summary>
    public static (PushSignature? Signature, string? Error) Parse(IQueryCollection query, string? declaredSha256)
    {
        var key = query["signature_key"].ToString();
        var text = query["signature"].ToString();
        if (key.Length == 0 && text.Length == 0)
        {
            return (null, null);
        }

        if (key.Length == 0 || text.Length == 0)
        {
            return (null, "A signed push needs both signature_key and signature.");
        }

        if (SecretName.Problem(key, "Key") is { } problem)
        {
            return (null, problem);
        }

        if (SignatureEncoding.DecodeSignature(text) is not { } signature)
        {
            return (null, "signature must be the base64 of a 64-byte Ed25519 signature.");
        }

        return declaredSha256 is null
            ? (null, "A signed push must declare the artifact's sha256, the digest the signature covers.")
            : (new PushSignature(key, signature, declaredSha256.StartsWith("sha256:", StringComparison.Ordinal) ? declaredSha256[7..] : declaredSha256), null);
    }

    /// <summary>Verifies <paramref name="signature"/> against the caller's workspace's keys; null and no error for an unsigned push.</summary>
    public static async Task<(VersionSignature? Signature, string? Error)> VerifyAsync(
        PushSignature? signature, HttpContext context, ArtifactSignatureVerifier verifier, CancellationToken ct)
    {
        if (signature is null)
        {
            return (null, null);
        }

        try
        {
            return (await verifier.VerifyAsync(context.Workspace(), signature.Key, signature.Digest, signature.Signature, ct).ConfigureAwait(false), null);
        }
        catch (SignatureRejectedException ex)
        {
            return (null, ex.Message);
        }
    }
}
