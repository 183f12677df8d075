using Modelplane.Governance.Signing;

namespace Modelplane.Server.Api.Governance;

/// <summary>Base64 public keys and signatures as they arrive in requests.</summary>
internal static class SignatureEncoding
{
    public static byte[]? DecodePublicKey(string? text) =>
        Decode(text, ArtifactSigning.PublicKeyBytes) is { } key && ArtifactSigning.IsValidPublicKey(key) ? key : null;

    public static byte[]? DecodeSignature(string? text) => Decode(text, ArtifactSigning.SignatureBytes);

    private static byte[]? Decode(string? text, int length)
    {
        // Base64 of 64 bytes is 88 characters: anything much longer is not worth decoding.
        if (string.IsNullOrEmpty(text) || text.Length > 128)
        {
            return null;
        }

        var buffer = new byte[length + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) && written == length ? buffer[..length] : null;
    }
}
