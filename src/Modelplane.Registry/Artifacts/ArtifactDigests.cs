using System.Buffers;

namespace Modelplane.Registry.Artifacts;

/// <summary>The one accepted spelling of an artifact digest: 64 lower-case hex characters of a SHA-256.</summary>
public static class ArtifactDigests
{
    /// <summary>Length of a digest in characters.</summary>
    public const int Length = 64;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>Returns whether <paramref name="digest"/> is exactly 64 lower-case hex characters.</summary>
    /// <remarks>Digests name blob files, so this strict check is what keeps a digest from ever forming another path.</remarks>
    public static bool IsValid(string? digest) =>
        digest is { Length: Length } && digest.AsSpan().IndexOfAnyExcept(LowerHex) < 0;

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="digest"/> is valid.</summary>
    public static void ThrowIfInvalid(string? digest, string paramName = "digest")
    {
        if (!IsValid(digest))
        {
            throw new ArgumentException("A digest must be 64 lower-case hexadecimal characters (a SHA-256).", paramName);
        }
    }
}
