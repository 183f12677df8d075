namespace Modelplane.Client;

/// <summary>Optional metadata sent with a new model version.</summary>
public sealed record PushOptions
{
    /// <summary>Free text describing the version.</summary>
    /// <value>Defaults to none.</value>
    public string? Description { get; init; }

    /// <summary>String labels such as <c>team=risk</c>.</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Numeric evaluation results such as <c>auc=0.91</c>.</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Lower-case hex SHA-256 of the artifact; when set, the server rejects an upload whose bytes do not match.</summary>
    /// <value>Defaults to none (the server computes the digest without checking).</value>
    public string? Sha256 { get; init; }

    /// <summary>Training parameters such as <c>max_depth=6</c>.</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    /// <summary>The training dataset's URI or path.</summary>
    /// <value>Defaults to none.</value>
    public string? DatasetUri { get; init; }

    /// <summary>The training dataset's SHA-256 (64 hex characters).</summary>
    /// <value>Defaults to none.</value>
    public string? DatasetSha256 { get; init; }

    /// <summary>The training code's repository.</summary>
    /// <value>Defaults to none.</value>
    public string? CodeRepository { get; init; }

    /// <summary>The training code's commit.</summary>
    /// <value>Defaults to none.</value>
    public string? CodeCommit { get; init; }

    /// <summary>The training run id.</summary>
    /// <value>Defaults to none.</value>
    public string? RunId { get; init; }

    /// <summary>Earlier versions of the same model this version derives from.</summary>
    /// <value>Defaults to none.</value>
    public IReadOnlyList<int> Parents { get; init; } = [];

    /// <summary>Who pushes the version (a plain name until governance adds identities).</summary>
    /// <value>Defaults to none.</value>
    public string? CreatedBy { get; init; }

    /// <summary>The registered signing key that made <see cref="Signature"/>; the push then needs <see cref="Sha256"/>.</summary>
    /// <value>Defaults to none (an unsigned push).</value>
    public string? SignatureKey { get; init; }

    /// <summary>Base64 Ed25519 signature over <c>modelplane-artifact-v1:sha256:&lt;Sha256&gt;</c>; the server verifies it before registering anything.</summary>
    /// <value>Defaults to none.</value>
    public string? Signature { get; init; }
}
