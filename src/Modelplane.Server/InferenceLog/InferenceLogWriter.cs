using System.Threading.Channels;
using Modelplane.Registry.InferenceLog;
using Modelplane.Server.Rollouts;

namespace Modelplane.Server.InferenceLog;

/// <summary>
/// Takes sampled predictions off the hot path: a bounded queue the request thread writes to without waiting (a full
/// queue drops the record and counts it), drained by one writer that turns records into redacted JSON and inserts
/// them in batches; it also deletes what has outlived each endpoint's retention.
/// </summary>
internal sealed partial class InferenceLogWriter(
    IInferenceLogStore store,
    InferenceLogSampling sampling,
    InferenceLogMetrics metrics,
    WorkspaceScope workspace,
    TimeProvider time,
    ILogger<InferenceLogWriter> logger) : BackgroundService
{
    /// <summary>Records waiting at most; past it a record is dropped (and counted) rather than held in memory.</summary>
    public const int Capacity = 50_000;

    private const int MaxBatch = 2_000;

    /// <summary>How long the writer lets records gather before a batch that is not full: the delay before a record is readable.</summary>
    internal static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(10);

    private readonly Channel<PendingLog> _queue = Channel.CreateBounded<PendingLog>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private readonly InferenceLogBatch _entries = new(MaxBatch);

    private long _written;
    private long _dropped;

    /// <summary>Records written since start.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Records dropped since start because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Records waiting to be written.</summary>
    public int Waiting => _queue.Reader.Count;

    /// <summary>Queues a record without waiting; drops and counts it when the queue is full.</summary>
    public void Enqueue(PendingLog record)
    {
        if (_queue.Writer.TryWrite(record))
        {
            return;
        }

        record.Release();
        Interlocked.Increment(ref _dropped);
        metrics.Dropped(workspace.Name);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingLog>(MaxBatch);
        var nextSweep = time.GetUtcNow();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                if (_queue.Reader.Count < MaxBatch)
                {
                    // A trickle (1% of a busy endpoint) would otherwise cost a transaction per record; waiting a moment
                    // turns hundreds of commits a second into ten, and a full batch never waits.
                    await Task.Delay(Linger, time, stoppingToken).ConfigureAwait(false);
                }

                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var record))
                {
                    batch.Add(record);
                }

                await WriteAsync(batch, stoppingToken).ConfigureAwait(false);
                if (time.GetUtcNow() >= nextSweep)
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                    nextSweep = time.GetUtcNow() + SweepInterval;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is written below, so a clean shutdown loses nothing.
        }

        while (_queue.Reader.TryRead(out var left))
        {
            batch.Add(left);
            if (batch.Count == MaxBatch)
            {
                await WriteAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
        }

        await WriteAsync(batch, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task WriteAsync(List<PendingLog> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await store.AppendAsync(_entries.From(batch), ct).ConfigureAwait(false);
            Interlocked.Add(ref _written, batch.Count);
            metrics.Written(workspace.Name, batch.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The log is telemetry: a failed batch is counted as dropped and serving goes on.
            Interlocked.Add(ref _dropped, batch.Count);
            metrics.Dropped(workspace.Name, batch.Count);
            LogWriteFailed(logger, batch.Count, ex);
        }
        finally
        {
            foreach (var record in batch)
            {
                record.Release();
            }

            batch.Clear();
            _entries.Clear();
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var log in sampling.Logged)
        {
            try
            {
                await store.DeleteOlderThanAsync(log.Endpoint, now - log.Retention, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(logger, log.Endpoint, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} inference log records failed; they are counted as dropped")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired inference log records of {Endpoint} failed; the next sweep retries")]
    private static partial void LogSweepFailed(ILogger logger, string endpoint, Exception exception);
}
