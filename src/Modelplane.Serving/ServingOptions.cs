using System.ComponentModel.DataAnnotations;

namespace Modelplane.Serving;

/// <summary>Limits and ONNX Runtime settings for the data plane.</summary>
public sealed class ServingOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Modelplane:Serving";

    /// <summary>Largest request body accepted, in bytes; larger bodies get 413.</summary>
    /// <value>Defaults to 32 MiB.</value>
    [Range(1024, int.MaxValue)]
    public long MaxRequestBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Most tensor elements accepted per request, summed over all inputs; more gets 413.</summary>
    /// <value>Defaults to 16,777,216.</value>
    [Range(1, 1L << 27)]
    public long MaxTensorElements { get; set; } = 16_777_216;

    /// <summary>Deepest JSON nesting accepted in a request; deeper bodies get 400.</summary>
    /// <value>Defaults to 32.</value>
    [Range(4, 256)]
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>Calls of one version running at once; more wait in its queue.</summary>
    /// <value>Defaults to twice the processor count: ONNX Runtime runs on the request's thread, so more would only contend for cores.</value>
    [Range(1, 4096)]
    public int MaxConcurrency { get; set; } = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>Calls of one version waiting for a slot at once; more are refused at once with 429 and <c>Retry-After</c>.</summary>
    /// <value>Defaults to 256.</value>
    [Range(0, 1_000_000)]
    public int MaxQueue { get; set; } = 256;

    /// <summary>
    /// How long requests may stand in the server's queue (before any model sees them) until new inference requests are
    /// refused at once with 503 and <c>Retry-After</c>; <see cref="TimeSpan.Zero"/> turns this shedding off.
    /// </summary>
    /// <value>
    /// Defaults to 20 ms: a queue that grows without bound (more arriving than the server can run) passes it within a
    /// moment, while a busy server with a heavy model is left alone. A latency-sensitive deployment of small models
    /// sets it near 0.3 ms with a 5 ms <see cref="ShedWindow"/> (the overload benchmark does).
    /// </value>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan ShedQueueDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long the queue must stay above <see cref="ShedQueueDelay"/> before shedding starts, so a burst that drains is not shed.</summary>
    /// <value>Defaults to 100 ms.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ShedWindow { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a call may wait for a slot or a batch when the request names no timeout; then 504.</summary>
    /// <value>Defaults to 10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a shadow copy may take before it counts as failed; the caller was answered long before.</summary>
    /// <value>Defaults to 10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ShadowTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>ONNX Runtime threads used inside one operator.</summary>
    /// <value>Defaults to 1: Kestrel already runs requests in parallel, and more threads made small models slower.</value>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>ONNX Runtime threads used to run independent operators in parallel.</summary>
    /// <value>Defaults to 1 (sequential execution).</value>
    [Range(0, 256)]
    public int InterOpThreads { get; set; } = 1;

    /// <summary>
    /// Most memory, in bytes, that loaded model versions may take together; a load that would go over it is refused
    /// with a message naming the budget and the memory in use. 0 means no limit.
    /// </summary>
    /// <value>Defaults to 0 (unlimited).</value>
    /// <remarks>
    /// A version counts for the growth of the process's resident memory while it loaded (at least its artifact's size);
    /// before it loads, its artifact size (or what it took the last time it was loaded) is the estimate checked.
    /// </remarks>
    [Range(0, long.MaxValue)]
    public long MemoryBudgetBytes { get; set; }
}
