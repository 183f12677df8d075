using System.Collections.Concurrent;
using System.Diagnostics;
using Modelplane.Serving.Telemetry;

namespace Modelplane.Serving.Execution;

/// <summary>
/// Cumulative counts and times of one loaded version, in the shape of Triton's statistics extension. Updated with
/// interlocked adds on the hot path; read without locks, so a snapshot may be a few calls apart between fields.
/// </summary>
public sealed class InferenceStatistics
{
    private const int DirectBatchSizes = 257;
    private readonly BatchStatistics?[] _batches = new BatchStatistics?[DirectBatchSizes];
    private readonly ConcurrentDictionary<long, BatchStatistics> _largeBatches = new();
    private long _successCount, _successNs, _failureCount, _failureNs;
    private long _queueCount, _queueNs, _inputNs, _inferNs, _outputNs;
    private long _inferenceCount, _executionCount, _lastInference;
    private IVersionTelemetry? _telemetry;

    /// <summary>Requests that returned outputs.</summary>
    public long SuccessCount => Volatile.Read(ref _successCount);

    /// <summary>Total nanoseconds of successful requests, from arrival at the runner to the last byte encoded.</summary>
    public long SuccessNs => Volatile.Read(ref _successNs);

    /// <summary>Requests that failed (bad input, rejection, timeout or runtime error).</summary>
    public long FailureCount => Volatile.Read(ref _failureCount);

    /// <summary>Total nanoseconds of failed requests.</summary>
    public long FailureNs => Volatile.Read(ref _failureNs);

    /// <summary>Requests that passed the queue (for a slot or a batch), waiting or not.</summary>
    public long QueueCount => Volatile.Read(ref _queueCount);

    /// <summary>Total nanoseconds waited for a slot or a batch.</summary>
    public long QueueNs => Volatile.Read(ref _queueNs);

    /// <summary>Total nanoseconds decoding requests into tensors.</summary>
    public long ComputeInputNs => Volatile.Read(ref _inputNs);

    /// <summary>Total nanoseconds in the runtime.</summary>
    public long ComputeInferNs => Volatile.Read(ref _inferNs);

    /// <summary>Total nanoseconds encoding outputs.</summary>
    public long ComputeOutputNs => Volatile.Read(ref _outputNs);

    /// <summary>Rows inferred (a request of 64 rows counts 64).</summary>
    public long InferenceCount => Volatile.Read(ref _inferenceCount);

    /// <summary>Runtime executions (a dynamic batch of 8 requests counts once).</summary>
    public long ExecutionCount => Volatile.Read(ref _executionCount);

    /// <summary>When the last request finished, as Unix milliseconds; 0 before the first.</summary>
    public long LastInferenceUnixMs => Volatile.Read(ref _lastInference);

    /// <summary>Per execution batch size (rows in one runtime execution): how many executions and their compute times.</summary>
    public IReadOnlyList<BatchStatistics> Batches =>
        [.. _batches.OfType<BatchStatistics>().Concat(_largeBatches.Values).OrderBy(b => b.BatchSize)];

    /// <summary>Also reports each runtime execution to <paramref name="telemetry"/> (set once, when the version loads).</summary>
    public void ReportTo(IVersionTelemetry telemetry) => Volatile.Write(ref _telemetry, telemetry);

    internal static long Elapsed(long fromTimestamp, long toTimestamp) =>
        (long)((toTimestamp - fromTimestamp) * (1e9 / Stopwatch.Frequency));

    internal void RecordSuccess(long totalNs, long unixMs)
    {
        Interlocked.Increment(ref _successCount);
        Interlocked.Add(ref _successNs, totalNs);
        Volatile.Write(ref _lastInference, unixMs);
    }

    internal void RecordFailure(long totalNs)
    {
        Interlocked.Increment(ref _failureCount);
        Interlocked.Add(ref _failureNs, totalNs);
    }

    internal void RecordQueue(long ns)
    {
        Interlocked.Increment(ref _queueCount);
        Interlocked.Add(ref _queueNs, ns);
    }

    internal void RecordInput(long ns) => Interlocked.Add(ref _inputNs, ns);

    internal void RecordOutput(long ns) => Interlocked.Add(ref _outputNs, ns);

    /// <summary>Records one runtime execution over <paramref name="rows"/> rows.</summary>
    internal void RecordExecution(long rows, long inputNs, long inferNs, long outputNs)
    {
        Interlocked.Add(ref _inferNs, inferNs);
        Interlocked.Add(ref _inferenceCount, rows);
        Interlocked.Increment(ref _executionCount);
        var batch = rows < DirectBatchSizes
            ? _batches[rows] ?? Interlocked.CompareExchange(ref _batches[rows], new BatchStatistics(rows), null) ?? _batches[rows]!
            : _largeBatches.GetOrAdd(rows, r => new BatchStatistics(r));
        batch.Record(inputNs, inferNs, outputNs);
        _telemetry?.RecordExecution(rows);
    }
}

/// <summary>Executions of one batch size and their cumulative compute times.</summary>
public sealed class BatchStatistics(long batchSize)
{
    private long _count, _inputNs, _inferNs, _outputNs;

    /// <summary>Rows per execution.</summary>
    public long BatchSize => batchSize;

    /// <summary>Executions of this size.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Total nanoseconds: assembling inputs, running, and splitting outputs.</summary>
    public (long InputNs, long InferNs, long OutputNs) ComputeNs =>
        (Volatile.Read(ref _inputNs), Volatile.Read(ref _inferNs), Volatile.Read(ref _outputNs));

    internal void Record(long inputNs, long inferNs, long outputNs)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _inputNs, inputNs);
        Interlocked.Add(ref _inferNs, inferNs);
        Interlocked.Add(ref _outputNs, outputNs);
    }
}
