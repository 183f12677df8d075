using Microsoft.Extensions.Logging;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.Models;

namespace Modelplane.Serving.Routing;

public sealed partial class ModelRuntimeCache
{
    // (expected, actual) pairs already logged: a request that retries the load every few seconds must not flood the log.
    private readonly HashSet<(string Expected, string Actual)> _reportedMismatches = [];
    private long _digestMismatches;

    /// <summary>How many loads were refused because an artifact's bytes no longer hash to its version's digest.</summary>
    public long DigestMismatches => Interlocked.Read(ref _digestMismatches);

    /// <summary>
    /// A blob that no longer matches its digest is never handed to a runtime: the load fails (the endpoint keeps what it
    /// served), the refusal is counted, and the first refusal of each corruption is logged with both digests.
    /// </summary>
    private ModelLoadException DigestMismatch(ModelVersion version, ArtifactIntegrityException ex)
    {
        Interlocked.Increment(ref _digestMismatches);
        bool first;
        lock (_reportedMismatches)
        {
            first = _reportedMismatches.Add((ex.Digest, ex.Actual));
        }

        if (first)
        {
            LogDigestMismatch(_logger, version.Model, version.Version, ex.Digest, ex.Actual);
        }

        return new ModelLoadException(
            $"Model '{version.Model}' version {version.Version} cannot be loaded: artifact digest mismatch "
            + $"(expected sha256:{ex.Digest}, the stored bytes hash to sha256:{ex.Actual}); the blob was corrupted or tampered with, and it will not be served.",
            ex);
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Refused to load model {Model} version {Version}: artifact digest mismatch, expected sha256:{Expected}, stored bytes hash to sha256:{Actual}")]
    private static partial void LogDigestMismatch(ILogger logger, string model, int version, string expected, string actual);
}
