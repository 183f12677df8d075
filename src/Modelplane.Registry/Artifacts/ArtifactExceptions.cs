namespace Modelplane.Registry.Artifacts;

/// <summary>An upload exceeded the configured size limit (an HTTP 413).</summary>
public sealed class ArtifactTooLargeException(long limitBytes)
    : Exception($"The artifact exceeds the upload limit of {limitBytes} bytes.")
{
    /// <summary>The limit that was exceeded.</summary>
    public long LimitBytes { get; } = limitBytes;
}

/// <summary>No blob is stored under the digest.</summary>
public sealed class ArtifactNotFoundException(string digest)
    : Exception($"No artifact with digest sha256:{digest} is stored.");

/// <summary>A stored blob no longer hashes to its digest: it was corrupted or tampered with.</summary>
public sealed class ArtifactIntegrityException(string digest, string actual)
    : Exception($"Artifact sha256:{digest} failed verification (stored bytes hash to {actual}).")
{
    /// <summary>The digest the blob is stored under (what its bytes should hash to).</summary>
    public string Digest { get; } = digest;

    /// <summary>What the stored bytes hash to now.</summary>
    public string Actual { get; } = actual;
}
