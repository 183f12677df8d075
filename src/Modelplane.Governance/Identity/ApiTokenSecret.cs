using System.Security.Cryptography;

namespace Modelplane.Governance.Identity;

/// <summary>
/// API tokens look like <c>mp_&lt;id&gt;_&lt;secret&gt;</c>: <c>mp_&lt;id&gt;</c> is the visible prefix that lists and
/// audit records show; the secret is 256 random bits (43 base64url characters), of which only the SHA-256 is stored.
/// A random 256-bit secret cannot be guessed, so a fast hash is enough (no key stretching needed, unlike a password).
/// </summary>
public static class ApiTokenSecret
{
    private const string Scheme = "mp_";
    private const int IdLength = 12;
    private const int SecretLength = 43;
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The length of every token.</summary>
    public const int TokenLength = 3 + IdLength + 1 + SecretLength;

    /// <summary>A new token: its public id, the whole token to hand to the caller once, and the hash to store.</summary>
    public static (string Id, string Token, byte[] SecretHash) Generate()
    {
        var id = RandomNumberGenerator.GetString(IdAlphabet, IdLength);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (id, $"{Scheme}{id}_{secret}", Hash(secret));
    }

    /// <summary>Splits a presented token into its id and secret; false when it cannot be one of ours.</summary>
    public static bool TryParse(ReadOnlySpan<char> token, out string id, out ReadOnlySpan<char> secret)
    {
        id = "";
        secret = default;
        if (token.Length != TokenLength || !token.StartsWith(Scheme, StringComparison.Ordinal) || token[Scheme.Length + IdLength] != '_')
        {
            return false;
        }

        var idPart = token.Slice(Scheme.Length, IdLength);
        foreach (var c in idPart)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        id = idPart.ToString();
        secret = token[(Scheme.Length + IdLength + 1)..];
        return true;
    }

    /// <summary>The visible prefix of a token id, as lists show it.</summary>
    public static string Prefix(string id) => Scheme + id;

    /// <summary>The stored form of a secret.</summary>
    public static byte[] Hash(ReadOnlySpan<char> secret)
    {
        Span<byte> utf8 = stackalloc byte[SecretLength * 3];
        var written = System.Text.Encoding.UTF8.GetBytes(secret, utf8);
        return SHA256.HashData(utf8[..written]);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
