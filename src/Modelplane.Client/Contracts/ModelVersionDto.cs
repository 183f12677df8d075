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
    DateTimeOffset CreatedAt)
{
    /// <summary>Training parameters given at push.</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    /// <summary>Dataset, code, run, parents and creator; null from servers that predate lineage.</summary>
    public LineageDto? Lineage { get; init; }

    /// <summary>The latest review decision; null from servers that predate approvals.</summary>
    public ApprovalDto? Approval { get; init; }

    /// <summary>Aliases pointing at this version, ordered by name.</summary>
    /// <value>Defaults to none.</value>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Whether a model card is stored (<c>GET .../versions/{v}/card</c>).</summary>
    public bool HasCard { get; init; }

    /// <summary>
    /// The authenticated principal who pushed the version (<c>createdBy</c>), or null when unknown (pushed anonymously or
    /// before authentication, or imported). <see cref="LineageDto.CreatedBy"/> is what the client said about itself.
    /// </summary>
    public string? CreatedBy { get; init; }
    /// <summary>Verified Ed25519 signatures over the digest, oldest first.</summary>
    /// <value>Defaults to none.</value>
    public IReadOnlyList<VersionSignatureDto> Signatures { get; init; } = [];
}

/// <summary>Inputs and outputs of a model version.</summary>
public sealed record SignatureDto(IReadOnlyList<TensorSpecDto> Inputs, IReadOnlyList<TensorSpecDto> Outputs);

/// <summary>One tensor of a signature; <c>Datatype</c> uses the Open Inference Protocol names (FP32, INT64, BOOL, ...), and -1 marks a dynamic dimension.</summary>
public sealed record TensorSpecDto(string Name, string Datatype, IReadOnlyList<long> Shape);
