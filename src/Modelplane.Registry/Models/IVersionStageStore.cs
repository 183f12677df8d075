using Modelplane.Registry.Tracking;

namespace Modelplane.Registry.Models;

/// <summary>Persists versions' stages and registration sources, and searches versions the way MLflow clients do.</summary>
public interface IVersionStageStore
{
    /// <summary>Records where a version was registered from; the stage stays as it is.</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The version does not exist.</exception>
    Task RecordSourceAsync(string model, int version, string source, string? runLink, CancellationToken ct);

    /// <summary>The stage and source of one version, or null when the version does not exist (or is deleted).</summary>
    Task<VersionStage?> GetAsync(string model, int version, CancellationToken ct);

    /// <summary>The stage and source of every version of a model (versions never staged are in <see cref="VersionStages.None"/>), by version.</summary>
    Task<IReadOnlyList<VersionStage>> ListAsync(string model, CancellationToken ct);

    /// <summary>
    /// Moves a version to <paramref name="stage"/>; with <paramref name="archiveExisting"/> other versions of the model in that
    /// stage (Staging or Production) move to Archived in the same transaction.
    /// </summary>
    /// <exception cref="Storage.ResourceNotFoundException">The version does not exist.</exception>
    Task<VersionStage> TransitionAsync(string model, int version, string stage, bool archiveExisting, CancellationToken ct);

    /// <summary>
    /// One page of (model, version) keys matching a filter over <c>name</c>, <c>version_number</c>, <c>run_id</c>,
    /// <c>source_path</c> and <c>tags.KEY</c>; newest first within a model, models by name.
    /// </summary>
    Task<SearchPage<(string Model, int Version)>> SearchAsync(string? filter, IReadOnlyList<string>? orderBy, int maxResults, string? pageToken, CancellationToken ct);
}
