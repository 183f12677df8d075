namespace Modelplane.Registry.Tracking.Artifacts;

/// <summary>
/// Files that MLflow clients log to runs (models, plots, reports), addressed by a path relative to the artifact
/// root: what follows <c>mlflow-artifacts:/</c> in a run's artifact URI, for example
/// <c>1/0f3c…/artifacts/model/MLmodel</c>. Paths use <c>/</c>; empty, absolute and <c>..</c> segments are refused
/// with <c>RegistryValidationException</c>. A written file is durable before the call returns.
/// </summary>
public interface IRunArtifactStore
{
    /// <summary>Writes (or replaces) one file from <paramref name="content"/>, durably.</summary>
    /// <returns>The file's size in bytes.</returns>
    Task<long> WriteAsync(string path, Stream content, CancellationToken ct);

    /// <summary>Opens one file for reading, or returns null when there is no file at <paramref name="path"/>.</summary>
    Task<Stream?> OpenReadAsync(string path, CancellationToken ct);

    /// <summary>
    /// Lists the direct children of a directory (an empty <paramref name="path"/> is the root), ordered by path;
    /// empty when the directory does not exist.
    /// </summary>
    Task<IReadOnlyList<RunArtifact>> ListAsync(string path, CancellationToken ct);

    /// <summary>Deletes a file or a whole directory; returns false when nothing was there.</summary>
    Task<bool> DeleteAsync(string path, CancellationToken ct);
}

/// <summary>One entry of a directory listing.</summary>
/// <param name="Path">The entry's full path relative to the artifact root (for example <c>1/0f3c…/artifacts/model/MLmodel</c>).</param>
/// <param name="IsDirectory">True for a directory.</param>
/// <param name="SizeBytes">File size; null for a directory.</param>
public sealed record RunArtifact(string Path, bool IsDirectory, long? SizeBytes);
