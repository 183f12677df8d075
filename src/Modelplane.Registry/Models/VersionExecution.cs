namespace Modelplane.Registry.Models;

/// <summary>How one version runs when it is served; a null member means the server's default.</summary>
/// <param name="MaxConcurrency">Calls (or batches) running at once, or null.</param>
/// <param name="MaxQueue">Calls waiting at once (for a slot or a batch), or null.</param>
/// <param name="IntraOpThreads">ONNX Runtime threads inside one operator (0 lets ONNX Runtime choose), or null.</param>
/// <param name="InterOpThreads">ONNX Runtime threads across independent operators, or null.</param>
/// <param name="Batching">Dynamic batching, or null when requests run one by one (the default).</param>
public sealed record VersionExecution(
    int? MaxConcurrency,
    int? MaxQueue,
    int? IntraOpThreads,
    int? InterOpThreads,
    VersionBatching? Batching)
{
    /// <summary>Nothing set: every member takes the server's default.</summary>
    public static VersionExecution Default { get; } = new(null, null, null, null, null);
}

/// <summary>Dynamic batching of one version, in Triton's terms.</summary>
/// <param name="MaxBatchSize">Most rows in one execution.</param>
/// <param name="MaxQueueDelayMicroseconds">Longest a request waits for others to join its batch.</param>
/// <param name="PreferredBatchSizes">Row counts that run at once when reached; empty for none.</param>
public sealed record VersionBatching(int MaxBatchSize, long MaxQueueDelayMicroseconds, IReadOnlyList<int> PreferredBatchSizes);
