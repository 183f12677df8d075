namespace Modelplane.Registry.Models;

/// <summary>Where a version came from: the data and code it was trained with, the run that produced it, and its parents.</summary>
/// <param name="DatasetUri">The training dataset's location (any URI or path), or null.</param>
/// <param name="DatasetSha256">Lower-case hex SHA-256 of the training dataset, or null.</param>
/// <param name="CodeRepository">The training code's repository, or null.</param>
/// <param name="CodeCommit">The training code's commit, or null.</param>
/// <param name="RunId">The training run (for example an MLflow run id), or null.</param>
/// <param name="Parents">Earlier versions of the same model this one was derived from (fine-tuned, retrained), ascending.</param>
/// <param name="CreatedBy">Who pushed the version, as the client said it; null when not said.</param>
public sealed record VersionLineage(
    string? DatasetUri,
    string? DatasetSha256,
    string? CodeRepository,
    string? CodeCommit,
    string? RunId,
    IReadOnlyList<int> Parents,
    string? CreatedBy)
{
    /// <summary>Nothing known.</summary>
    public static VersionLineage Empty { get; } = new(null, null, null, null, null, [], null);
}
