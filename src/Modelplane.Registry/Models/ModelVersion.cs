namespace Modelplane.Registry.Models;

/// <summary>An immutable, registered version of a model.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version number, counting up from 1 per model.</param>
/// <param name="Digest">Lower-case hex SHA-256 of the artifact bytes.</param>
/// <param name="SizeBytes">Artifact size in bytes.</param>
/// <param name="Format">Artifact format, detected from the bytes: <c>onnx</c> or <c>mlnet</c>.</param>
/// <param name="Signature">Inputs and outputs read from the graph.</param>
/// <param name="Description">Free text given at push, or null.</param>
/// <param name="Tags">User tags; the only part of a version besides its approval, card and aliases that can change.</param>
/// <param name="Metrics">Numeric metrics given at push (for example <c>auc</c>).</param>
/// <param name="CreatedAt">When the version was registered.</param>
public sealed record ModelVersion(
    string Model,
    int Version,
    string Digest,
    long SizeBytes,
    string Format,
    ModelSignature Signature,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, double> Metrics,
    DateTimeOffset CreatedAt)
{
    /// <summary>Training parameters given at push (for example <c>max_depth=6</c>).</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    /// <summary>Data, code, run and parent versions the version came from.</summary>
    /// <value>Defaults to <see cref="VersionLineage.Empty"/>.</value>
    public VersionLineage Lineage { get; init; } = VersionLineage.Empty;

    /// <summary>The latest review decision.</summary>
    /// <value>Defaults to <see cref="VersionApproval.Pending"/>.</value>
    public VersionApproval Approval { get; init; } = VersionApproval.Pending;

    /// <summary>Aliases pointing at this version now, ordered by name.</summary>
    /// <value>Defaults to none.</value>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Whether a model card is stored for this version.</summary>
    public bool HasCard { get; init; }

    /// <summary>
    /// The authenticated principal who pushed the version, or null (pushed before authentication existed, anonymously,
    /// or imported from an archive). Unlike <see cref="VersionLineage.CreatedBy"/>, which the client states about
    /// itself, this is what separation of duties (an author cannot approve its own high-risk version) relies on.
    /// </summary>
    public string? Author { get; init; }
    /// <summary>Verified signatures over the digest, oldest first; trust in their keys is decided by governance.</summary>
    /// <value>Defaults to none.</value>
    public IReadOnlyList<VersionSignature> Signatures { get; init; } = [];
}
