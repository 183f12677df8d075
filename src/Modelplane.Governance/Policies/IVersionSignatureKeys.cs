using Modelplane.Registry.Models;

namespace Modelplane.Governance.Policies;

/// <summary>Which keys hold a valid signature over a version's artifact digest (the signing feature fills this in).</summary>
public interface IVersionSignatureKeys
{
    /// <summary>The names of the keys in <paramref name="workspace"/> whose signature over <paramref name="version"/>'s digest verifies.</summary>
    Task<IReadOnlyList<string>> ValidKeysAsync(string workspace, ModelVersion version, CancellationToken ct);
}

/// <summary>Used until artifact signing exists: no version has a valid signature, so a signature rule always fails.</summary>
internal sealed class NoVersionSignatureKeys : IVersionSignatureKeys
{
    public Task<IReadOnlyList<string>> ValidKeysAsync(string workspace, ModelVersion version, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
