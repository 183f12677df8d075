using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Modelplane.Governance.Audit;

/// <summary>
/// The hash of an audit record: SHA-256 over a canonical encoding in which no two different records share bytes.
/// </summary>
/// <remarks>
/// The encoding, in this fixed order: the string <c>modelplane-audit-v1</c>, workspace, seq, time (Unix ms), actor,
/// action, target, outcome (lowercase name), status, before, after, client_address, request_id, then the 32 raw bytes
/// of prev_hash. A string is the byte 1, its UTF-8 length as a 4-byte big-endian integer, then its UTF-8 bytes; an
/// integer is the byte 1 then 8 bytes big-endian two's complement; a null string or integer is the single byte 0.
/// Length prefixes and null markers keep field boundaries unambiguous (<c>"ab","c"</c> differs from <c>"a","bc"</c>,
/// and null from empty). Changing anything here breaks every stored chain: add a new version tag instead.
/// </remarks>
internal static class AuditHash
{
    public const int Size = 32;

    private const string Version = "modelplane-audit-v1";

    /// <summary>The prev_hash of a chain's first record.</summary>
    public static byte[] Genesis { get; } = new byte[Size];

    public static byte[] Compute(
        string workspace, long seq, long timeMs, string actor, string action, string target, AuditOutcome outcome,
        int? status, string? before, string? after, string? clientAddress, string? requestId, ReadOnlySpan<byte> prevHash)
    {
        if (prevHash.Length != Size)
        {
            throw new ArgumentException($"prev_hash must be {Size} bytes.", nameof(prevHash));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendString(hash, Version);
        AppendString(hash, workspace);
        AppendInteger(hash, seq);
        AppendInteger(hash, timeMs);
        AppendString(hash, actor);
        AppendString(hash, action);
        AppendString(hash, target);
        AppendString(hash, AuditOutcomes.Name(outcome));
        AppendInteger(hash, status);
        AppendString(hash, before);
        AppendString(hash, after);
        AppendString(hash, clientAddress);
        AppendString(hash, requestId);
        hash.AppendData(prevHash);
        return hash.GetHashAndReset();
    }

    public static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    private static void AppendString(IncrementalHash hash, string? value)
    {
        if (value is null)
        {
            hash.AppendData([0]);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> header = stackalloc byte[5];
        header[0] = 1;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], bytes.Length);
        hash.AppendData(header);
        hash.AppendData(bytes);
    }

    private static void AppendInteger(IncrementalHash hash, long? value)
    {
        if (value is not { } number)
        {
            hash.AppendData([0]);
            return;
        }

        Span<byte> bytes = stackalloc byte[9];
        bytes[0] = 1;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], number);
        hash.AppendData(bytes);
    }
}
