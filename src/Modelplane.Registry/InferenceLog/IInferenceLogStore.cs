namespace Modelplane.Registry.InferenceLog;

/// <summary>
/// The inference log of one workspace: sampled predictions per endpoint and the ground-truth labels given for them later.
/// Writes come from one background writer in batches, never from the request path; reads come from the management API.
/// </summary>
public interface IInferenceLogStore
{
    /// <summary>Appends a batch in one transaction: either every record is stored or none is.</summary>
    Task AppendAsync(IReadOnlyList<InferenceLogRecord> batch, CancellationToken ct);

    /// <summary>
    /// Appends a batch in one transaction, as the record overload does; the entries' UTF-8 text is stored as it is, so
    /// the log writer builds no strings.
    /// </summary>
    Task AppendAsync(ReadOnlyMemory<InferenceLogEntry> batch, CancellationToken ct);

    /// <summary>Reads the records of one endpoint that match the query, newest first.</summary>
    /// <exception cref="Models.RegistryValidationException">The query has no endpoint or its limit is out of range.</exception>
    Task<IReadOnlyList<InferenceLogRecord>> QueryAsync(InferenceLogQuery query, CancellationToken ct);

    /// <summary>How many records the endpoint has in the log.</summary>
    Task<long> CountAsync(string endpoint, CancellationToken ct);

    /// <summary>Retention: deletes the endpoint's records served before <paramref name="cutoff"/> and the labels of those requests.</summary>
    /// <returns>How many records were deleted.</returns>
    /// <remarks>A label whose request still has a newer record (a shadowed request logs twice), or none at all yet, stays.</remarks>
    Task<int> DeleteOlderThanAsync(string endpoint, DateTimeOffset cutoff, CancellationToken ct);

    /// <summary>Deletes every record and label of the endpoint, e.g. when the endpoint is deleted.</summary>
    Task DeleteEndpointAsync(string endpoint, CancellationToken ct);

    /// <summary>
    /// Stores ground truth for the endpoint's requests. A label for a request not (yet) logged is stored and counted as
    /// unmatched, never refused; a later label for the same request replaces the earlier one.
    /// </summary>
    /// <exception cref="Models.RegistryValidationException">A label has no request id or no label text.</exception>
    Task<LabelResult> AddLabelsAsync(string endpoint, IReadOnlyList<GroundTruth> labels, CancellationToken ct);

    /// <summary>The endpoint's records served at or after <paramref name="since"/> that have a label, newest first.</summary>
    Task<IReadOnlyList<LabeledPrediction>> LabeledAsync(string endpoint, DateTimeOffset since, CancellationToken ct);
}
