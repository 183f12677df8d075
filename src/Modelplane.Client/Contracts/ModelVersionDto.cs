namespace Modelplane.Client.Contracts;

/// <summary>A registered model version as the management API returns it.</summary>
public sealed record ModelVersionDto(
    string Model,
    int Version,
    string Digest,
    long SizeBytes,
    string Format,
    SignatureDto Signature,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, double> Metrics,
    DateTimeOffset CreatedAt);

/// <summary>Inputs and outputs of a model version.</summary>
public sealed record SignatureDto(IReadOnlyList<TensorSpecDto> Inputs, IReadOnlyList<TensorSpecDto> Outputs);

/// <summary>One tensor of a signature; <c>Datatype</c> uses the Open Inference Protocol names (FP32, INT64, BOOL, ...), and -1 marks a dynamic dimension.</summary>
public sealed record TensorSpecDto(string Name, string Datatype, IReadOnlyList<long> Shape);
