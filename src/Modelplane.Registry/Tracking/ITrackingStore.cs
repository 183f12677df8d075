namespace Modelplane.Registry.Tracking;

/// <summary>
/// Experiments and runs, the tracking half of MLflow's data model. Every backend validates input the same way
/// (<see cref="TrackingValidation"/>) and reports problems with the registry's exceptions: invalid input as
/// <c>RegistryValidationException</c>, unknown ids as <c>ResourceNotFoundException</c>, a taken name as
/// <c>ResourceConflictException</c>.
/// </summary>
public interface ITrackingStore
{
    /// <summary>Creates an active experiment and returns its id (a decimal string).</summary>
    Task<string> CreateExperimentAsync(string name, string? artifactLocation, IReadOnlyList<TrackingTag> tags, CancellationToken ct);

    /// <summary>The experiment with this id, active or deleted, or <see langword="null"/>.</summary>
    Task<Experiment?> GetExperimentAsync(string experimentId, CancellationToken ct);

    /// <summary>The experiment with this exact name, active or deleted, or <see langword="null"/>.</summary>
    Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken ct);

    /// <summary>One page of experiments matching a filter, in the requested order.</summary>
    Task<SearchPage<Experiment>> SearchExperimentsAsync(ExperimentSearch search, CancellationToken ct);

    /// <summary>Renames an experiment; the new name must be free.</summary>
    Task RenameExperimentAsync(string experimentId, string newName, CancellationToken ct);

    /// <summary>Soft-deletes (<see cref="LifecycleStages.Deleted"/>) or restores (<see cref="LifecycleStages.Active"/>) an experiment.</summary>
    Task SetExperimentLifecycleAsync(string experimentId, string lifecycleStage, CancellationToken ct);

    /// <summary>Sets or overwrites one experiment tag.</summary>
    Task SetExperimentTagAsync(string experimentId, TrackingTag tag, CancellationToken ct);

    /// <summary>Creates a <see cref="RunStatuses.Running"/> run in an active experiment.</summary>
    Task<Run> CreateRunAsync(NewRun request, CancellationToken ct);

    /// <summary>The run with this id, active or deleted, or <see langword="null"/>.</summary>
    Task<Run?> GetRunAsync(string runId, CancellationToken ct);

    /// <summary>Changes a run's status, end time or name.</summary>
    Task<RunInfo> UpdateRunAsync(string runId, RunUpdate update, CancellationToken ct);

    /// <summary>Soft-deletes or restores a run.</summary>
    Task SetRunLifecycleAsync(string runId, string lifecycleStage, CancellationToken ct);

    /// <summary>
    /// Logs metrics, params and tags to an active run in one transaction: all of it is stored or none.
    /// Params are immutable: logging a different value for a logged key is refused.
    /// </summary>
    Task LogBatchAsync(string runId, RunBatch batch, CancellationToken ct);

    /// <summary>Records datasets the run used; a dataset is stored once per experiment by name and digest.</summary>
    Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken ct);

    /// <summary>Deletes one run tag; an absent tag is a not-found error.</summary>
    Task DeleteRunTagAsync(string runId, string key, CancellationToken ct);

    /// <summary>One page of runs matching a filter, in the requested order.</summary>
    Task<SearchPage<Run>> SearchRunsAsync(RunSearch search, CancellationToken ct);

    /// <summary>Every logged value of one metric of a run, oldest step first, one page at a time.</summary>
    Task<SearchPage<Metric>> GetMetricHistoryAsync(string runId, string key, int maxResults, string? pageToken, CancellationToken ct);
}
