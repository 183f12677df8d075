using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Modelplane.Governance.Signing;

/// <summary>
/// Ed25519 signatures over an artifact's digest. The signed message is <c>modelplane-artifact-v1:sha256:&lt;hex&gt;</c>,
/// so a signature made for an artifact can never be taken for a signature over anything else.
/// </summary>
public static class ArtifactSigning
{
    /// <summary>What precedes the hex digest in the signed message.</summary>
    public const string MessagePrefix = "modelplane-artifact-v1:sha256:";

    /// <summary>Length of an Ed25519 public key.</summary>
    public const int PublicKeyBytes = 32;

    /// <summary>Length of an Ed25519 signature.</summary>
    public const int SignatureBytes = 64;

    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;

    /// <summary>The bytes that are signed for an artifact whose SHA-256 is <paramref name="digest"/> (hex, any case, optional <c>sha256:</c>).</summary>
    public static byte[] Message(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var hex = digest.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? digest[7..] : digest;
        return Encoding.ASCII.GetBytes(MessagePrefix + hex.ToLowerInvariant());
    }

    /// <summary>Hex of the first 16 bytes of the public key's SHA-256.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> publicKey) => Convert.ToHexStringLower(SHA256.HashData(publicKey)[..16]);

    /// <summary>A new key pair: the private key as PKCS#8 PEM text (for a file) and the raw 32-byte public key.</summary>
    public static (string PrivateKeyPem, byte[] PublicKey) CreateKeyPair()
    {
        using var key = Key.Create(Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return (Encoding.ASCII.GetString(key.Export(KeyBlobFormat.PkixPrivateKeyText)), key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>The raw public key of a PEM private key.</summary>
    /// <exception cref="FormatException">The text is not an Ed25519 private key.</exception>
    public static byte[] PublicKeyOf(string privateKeyPem)
    {
        using var key = Import(privateKeyPem);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>Signs the message for <paramref name="digest"/> with a PEM private key.</summary>
    /// <exception cref="FormatException">The text is not an Ed25519 private key.</exception>
    public static byte[] Sign(string privateKeyPem, string digest)
    {
        using var key = Import(privateKeyPem);
        return Ed25519.Sign(key, Message(digest));
    }

    /// <summary>True when <paramref name="signature"/> is <paramref name="publicKey"/>'s signature over the message for <paramref name="digest"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, string digest, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyBytes || signature.Length != SignatureBytes
            || !PublicKey.TryImport(Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            return false;
        }

        return Ed25519.Verify(key, Message(digest), signature);
    }

    /// <summary>True when <paramref name="publicKey"/> is a usable Ed25519 public key.</summary>
    public static bool IsValidPublicKey(ReadOnlySpan<byte> publicKey) =>
        publicKey.Length == PublicKeyBytes && PublicKey.TryImport(Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out _);

    private static Key Import(string privateKeyPem) =>
        Key.TryImport(Ed25519, Encoding.ASCII.GetBytes(privateKeyPem), KeyBlobFormat.PkixPrivateKeyText, out var key) && key is not null
            ? key
            : throw new FormatException("The file is not an Ed25519 private key in PKCS#8 PEM form (as written by `modelplane keys create`).");
}
