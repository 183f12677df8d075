namespace Modelplane.Registry.Models;

/// <summary>What a user says about a model version when pushing it.</summary>
/// <param name="Description">Free text, or null.</param>
/// <param name="Tags">User tags.</param>
/// <param name="Metrics">Numeric metrics such as <c>auc</c>; each must be a finite number.</param>
/// <param name="ExpectedSha256">
/// The SHA-256 the client computed (64 hex characters, optionally prefixed <c>sha256:</c>), or null to skip the
/// check. A mismatch refuses the push.
/// </param>
public sealed record PushMetadata(
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, double> Metrics,
    string? ExpectedSha256)
{
    /// <summary>Training parameters (strings, as training frameworks log them).</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    /// <summary>Dataset, code, run, parent versions and creator.</summary>
    /// <value>Defaults to <see cref="VersionLineage.Empty"/>.</value>
    public VersionLineage Lineage { get; init; } = VersionLineage.Empty;

    /// <summary>The authenticated principal pushing (set by the server from the caller, never from the request), or null.</summary>
    public string? Author { get; init; }

    /// <summary>Signatures over the declared digest, verified by the server; stored in the same transaction as the version.</summary>
    /// <value>Defaults to none.</value>
    public IReadOnlyList<VersionSignature> Signatures { get; init; } = [];

    /// <summary>No description, tags, metrics or expected digest.</summary>
    public static PushMetadata Empty { get; } = new(null, new Dictionary<string, string>(), new Dictionary<string, double>(), null);
}
