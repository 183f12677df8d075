using System.Globalization;

namespace Modelplane.Serving.Execution;

/// <summary>How one loaded version runs: its concurrency and queue bounds, ONNX Runtime threads and dynamic batching.</summary>
/// <param name="MaxConcurrency">Calls running at once, or with batching on, batches running at once; more wait in the queue.</param>
/// <param name="MaxQueue">Calls waiting at once (for a slot or for a batch); more are refused with 429.</param>
/// <param name="IntraOpThreads">ONNX Runtime threads inside one operator (0 lets ONNX Runtime choose).</param>
/// <param name="InterOpThreads">ONNX Runtime threads across independent operators.</param>
/// <param name="Batching">Dynamic batching, or null when requests run one by one.</param>
public sealed record ExecutionSettings(
    int MaxConcurrency,
    int MaxQueue,
    int IntraOpThreads,
    int InterOpThreads,
    BatchingSettings? Batching = null)
{
    /// <summary>The server-wide defaults from <see cref="ServingOptions"/>.</summary>
    public static ExecutionSettings From(ServingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.MaxConcurrency, options.MaxQueue, options.IntraOpThreads, options.InterOpThreads);
    }
}

/// <summary>Dynamic batching in Triton's model: requests are gathered into one tensor along the batch dimension.</summary>
/// <param name="MaxBatchSize">Most rows in one execution.</param>
/// <param name="MaxQueueDelay">Longest a request waits for others to join its batch.</param>
/// <param name="PreferredBatchSizes">Sizes that run at once when reached, without waiting for the delay; empty for none.</param>
public sealed record BatchingSettings(int MaxBatchSize, TimeSpan MaxQueueDelay, IReadOnlyList<int> PreferredBatchSizes)
{
    /// <summary>The settings as OIP metadata <c>parameters</c> and <c>models show</c> print them.</summary>
    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["max_batch_size"] = MaxBatchSize.ToString(CultureInfo.InvariantCulture),
        ["max_queue_delay_microseconds"] = ((long)MaxQueueDelay.TotalMicroseconds).ToString(CultureInfo.InvariantCulture),
        ["preferred_batch_size"] = string.Join(",", PreferredBatchSizes),
    };
}
