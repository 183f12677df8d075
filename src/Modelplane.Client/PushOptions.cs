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
}
