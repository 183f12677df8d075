namespace Modelplane.Registry.Models;

/// <summary>An immutable, registered version of a model.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version number, counting up from 1 per model.</param>
/// <param name="Digest">Lower-case hex SHA-256 of the artifact bytes.</param>
/// <param name="SizeBytes">Artifact size in bytes.</param>
/// <param name="Format">Artifact format; <c>onnx</c> for now.</param>
/// <param name="Signature">Inputs and outputs read from the graph.</param>
/// <param name="Description">Free text given at push, or null.</param>
/// <param name="Tags">User tags.</param>
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
    DateTimeOffset CreatedAt);
