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
    IReadOnlyDictionary<string, double> Metrics);
