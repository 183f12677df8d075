using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Modelplane.Serving.Logging;

/// <summary>
/// Replaces the values of an endpoint's sensitive input fields (email, ssn, ...) by a keyed hash before they reach the
/// inference log: equal values still group together, but without the workspace's key a value cannot be read back or
/// confirmed by hashing guesses.
/// </summary>
public sealed class FieldRedactor
{
    /// <summary>The length in UTF-8 bytes of a hash as <see cref="Hash"/> returns it.</summary>
    internal const int HashLength = 12 + (TruncatedBytes * 2);

    private const int MinKeyBytes = 32;

    // 128 bits is plenty to group values without collisions, and it halves the stored size of every redacted cell.
    private const int TruncatedBytes = 16;

    private readonly byte[] _key;
    private readonly FrozenSet<string> _fields;
    private readonly byte[][] _utf8Fields;

    /// <summary>Creates a redactor for one endpoint.</summary>
    /// <param name="fields">The input or column names to redact, spelt (case-sensitively) as the model's signature names them.</param>
    /// <param name="key">The workspace's secret key, at least 32 bytes; it is copied.</param>
    /// <exception cref="ArgumentException">The key is shorter than 32 bytes, or a field name is null.</exception>
    public FieldRedactor(IEnumerable<string> fields, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"The redaction key has {key.Length} bytes; it needs at least {MinKeyBytes}.", nameof(key));
        }
        var names = fields.ToArray();
        if (Array.IndexOf(names, null) >= 0)
        {
            throw new ArgumentException("A redacted field name is null.", nameof(fields));
        }
        _key = (byte[])key.Clone();
        _fields = names.ToFrozenSet(StringComparer.Ordinal);
        _utf8Fields = [.. _fields.Select(Encoding.UTF8.GetBytes)];
    }

    private FieldRedactor()
    {
        _key = [];
        _fields = FrozenSet<string>.Empty;
        _utf8Fields = [];
    }

    /// <summary>A redactor that redacts nothing, for endpoints without sensitive fields.</summary>
    public static FieldRedactor None { get; } = new();

    /// <summary>Whether no field is redacted, so callers can copy values without looking at names.</summary>
    internal bool IsEmpty => _utf8Fields.Length == 0;

    /// <summary>Whether values of <paramref name="field"/> are stored only as their hash.</summary>
    public bool Redacts(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return _fields.Contains(field);
    }

    /// <summary>Whether the property name or string the reader is on names a redacted field, without allocating it.</summary>
    internal bool Redacts(ref Utf8JsonReader reader)
    {
        foreach (var field in _utf8Fields)
        {
            if (reader.ValueTextEquals(field))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether the unescaped UTF-8 <paramref name="field"/> names a redacted field.</summary>
    internal bool Redacts(ReadOnlySpan<byte> field)
    {
        foreach (var name in _utf8Fields)
        {
            if (field.SequenceEqual(name))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The keyed hash of one value: <c>hmac-sha256:</c> and 32 lowercase hex digits.</summary>
    /// <param name="canonicalUtf8">The value's canonical text (its compact JSON) so equal values give equal hashes.</param>
    /// <exception cref="InvalidOperationException">This is <see cref="None"/>, which has no key.</exception>
    public string Hash(ReadOnlySpan<byte> canonicalUtf8)
    {
        Span<byte> text = stackalloc byte[HashLength];
        WriteHash(canonicalUtf8, text);
        return Encoding.ASCII.GetString(text);
    }

    /// <summary>Writes what <see cref="Hash"/> returns as UTF-8 into <paramref name="destination"/> (<see cref="HashLength"/> bytes).</summary>
    internal void WriteHash(ReadOnlySpan<byte> canonicalUtf8, Span<byte> destination)
    {
        if (_key.Length == 0)
        {
            throw new InvalidOperationException("FieldRedactor.None redacts no field and has no key to hash with.");
        }
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, canonicalUtf8, mac);
        var prefix = "hmac-sha256:"u8;
        prefix.CopyTo(destination);
        Convert.TryToHexStringLower(mac[..TruncatedBytes], destination[prefix.Length..], out _);
    }
}
