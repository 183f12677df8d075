using System.Security.Cryptography;
using System.Text;

namespace Modelplane.Governance.Secrets;

/// <summary>
/// Keys for other purposes (the inference log's redaction HMAC, per workspace) derived from the secret master key
/// with HKDF-SHA256: one key to keep safe and back up, and a key of one purpose tells nothing about another's.
/// </summary>
public sealed class DerivedKeys
{
    private readonly SecretMasterKey _master;

    internal DerivedKeys(SecretMasterKey master) => _master = master;

    /// <summary>The 32-byte key for <paramref name="purpose"/>; the same purpose always gives the same key.</summary>
    public byte[] For(string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        var key = new byte[SecretMasterKey.KeyBytes];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _master.Key, key, salt: [], info: Encoding.UTF8.GetBytes(purpose));
        return key;
    }
}
