namespace Modelplane.Registry.Models;

/// <summary>What the store needs to register a version whose artifact is already durable.</summary>
public sealed record NewModelVersion(
    string Model,
    string Digest,
    long SizeBytes,
    string Format,
    ModelSignature Signature,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>Training parameters.</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the version came from; parents must be existing versions of the same model.</summary>
    /// <value>Defaults to <see cref="VersionLineage.Empty"/>.</value>
    public VersionLineage Lineage { get; init; } = VersionLineage.Empty;

    /// <summary>The authenticated principal pushing the version, or null (anonymous, or an archive import).</summary>
    public string? Author { get; init; }

    /// <summary>Verified signatures over <see cref="Digest"/>, written with the version so a signed push is never stored unsigned.</summary>
    /// <value>Defaults to none.</value>
    public IReadOnlyList<VersionSignature> Signatures { get; init; } = [];
}
