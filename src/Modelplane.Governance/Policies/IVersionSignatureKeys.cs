using Modelplane.Governance.Signing;
using Modelplane.Registry.Models;

namespace Modelplane.Governance.Policies;

/// <summary>Which trusted keys have signed a version: what a policy's <c>signature</c> rule checks.</summary>
public interface IVersionSignatureKeys
{
    /// <summary>The names of the keys in <paramref name="workspace"/> whose signature over <paramref name="version"/>'s digest verifies.</summary>
    Task<IReadOnlyList<string>> ValidKeysAsync(string workspace, ModelVersion version, CancellationToken ct);
}

/// <summary>Verifies a version's stored signatures against the workspace's registered, unrevoked keys.</summary>
internal sealed class VerifiedVersionSignatureKeys(ArtifactSignatureVerifier verifier) : IVersionSignatureKeys
{
    public Task<IReadOnlyList<string>> ValidKeysAsync(string workspace, ModelVersion version, CancellationToken ct) =>
        verifier.TrustedSignersAsync(workspace, version.Digest, version.Signatures, ct);
}
