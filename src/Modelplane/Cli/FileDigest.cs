using System.Security.Cryptography;

namespace Modelplane.Cli;

/// <summary>SHA-256 of a file, read in a stream so a large model is never held in memory.</summary>
internal static class FileDigest
{
    /// <summary>Lower-case hex SHA-256 of the file at <paramref name="path"/>.</summary>
    public static async Task<string> Sha256HexAsync(string path, CancellationToken ct)
    {
        var stream = OpenSequential(path);
        await using (stream.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
        }
    }

    /// <summary>Opens a file for one front-to-back read.</summary>
    public static FileStream OpenSequential(string path)
        => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>Whether two digests name the same bytes, ignoring a <c>sha256:</c> prefix and letter case.</summary>
    public static bool SameSha256(string? left, string? right)
        => left is not null && right is not null && string.Equals(Strip(left), Strip(right), StringComparison.OrdinalIgnoreCase);

    private static string Strip(string digest)
        => digest.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? digest["sha256:".Length..] : digest;
}
