using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Modelplane.Governance.Secrets;

/// <summary>AES-256-GCM sealing of one secret value, bound to its workspace, name and version.</summary>
internal static class SecretCipher
{
    public const int NonceBytes = 12;
    public const int TagBytes = 16;

    /// <summary>Encrypts <paramref name="plaintext"/> with a fresh random nonce.</summary>
    public static (byte[] Nonce, byte[] Ciphertext, byte[] Tag) Seal(ReadOnlySpan<byte> key, string workspace, string name, int version, ReadOnlySpan<byte> plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(workspace, name, version));
        return (nonce, ciphertext, tag);
    }

    /// <summary>Decrypts a sealed value; the caller zeroes the result when done.</summary>
    /// <exception cref="AuthenticationTagMismatchException">The row was sealed for another place or altered.</exception>
    public static byte[] Open(ReadOnlySpan<byte> key, string workspace, string name, int version, byte[] nonce, byte[] ciphertext, byte[] tag)
    {
        var plaintext = new byte[ciphertext.Length];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(nonce, ciphertext, tag, plaintext, AssociatedData(workspace, name, version));
        return plaintext;
    }

    // NUL cannot occur in a workspace or secret name, so the parts cannot be re-split into another (workspace, name, version).
    private static byte[] AssociatedData(string workspace, string name, int version) =>
        Encoding.UTF8.GetBytes($"modelplane-secret-v1\0{workspace}\0{name}\0{version.ToString(CultureInfo.InvariantCulture)}");
}
