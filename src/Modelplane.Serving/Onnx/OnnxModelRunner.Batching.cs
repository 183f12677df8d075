using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Onnx;

// Dynamic batching: a decoded request keeps its own context; the batch gathers the contexts' input rows into one
// batch context along dimension 0, runs it once with IOBinding, and copies each request's rows of every output back
// into that request's own output buffers. Each request then encodes its response on its own call.
internal sealed partial class OnnxModelRunner
{
    private DynamicBatcher<BatchedCall>? _batcher;

    /// <summary>Turns dynamic batching on when the settings ask for it; called once, after the warm-up.</summary>
    public void StartBatching()
    {
        if (Settings.Batching is { } batching)
        {
            _batcher = new DynamicBatcher<BatchedCall>(
                batching, Settings.MaxQueue, _gate, _time, Compatible, RunBatch, $"Model '{Version.Model}' version {Version.Version}");
        }
    }

    /// <summary>The request's rows when it can join a batch: every input batched along dimension 0 with the same size, within the batch limit.</summary>
    private long BatchRows(InferenceRequest request)
    {
        var inputs = request.State.Inputs;
        var rows = inputs[0].Rank > 0 ? inputs[0].Shape[0] : -1;
        foreach (var input in inputs)
        {
            if (input.Rank == 0 || input.Shape[0] != rows)
            {
                return -1;
            }
        }

        return rows <= Settings.Batching!.MaxBatchSize ? rows : -1;
    }

    private async ValueTask InferBatchedAsync<TCodec>(TCodec codec, InferenceCall invocation, RunnerContext context, long started, long decoded, long rows)
        where TCodec : IInferenceCodec
    {
        try
        {
            var call = new BatchedCall(context, rows, decoded);
            _batcher!.Enqueue(call);
            await WaitForBatchAsync(call, Timeout(invocation, context.Request), invocation.Aborted).ConfigureAwait(false);
            var encoding = Stopwatch.GetTimestamp();
            var result = new InferenceResult(context.Request, context.Outputs);
            invocation.Observer?.Observe(result);
            codec.Encode(result);
            var encoded = Stopwatch.GetTimestamp();
            if (invocation.Phases is { } phases)
            {
                (phases.Admitted, phases.Ran, phases.Encoded, phases.BatchRows) = (call.BatchStarted, call.BatchRan, encoded, call.BatchRows);
            }
            Statistics.RecordOutput(InferenceStatistics.Elapsed(encoding, encoded));
            Statistics.RecordSuccess(InferenceStatistics.Elapsed(started, encoded), _time.GetUtcNow().ToUnixTimeMilliseconds());
        }
        catch
        {
            Statistics.RecordFailure(InferenceStatistics.Elapsed(started, Stopwatch.GetTimestamp()));
            throw;
        }
        finally
        {
            Return(context);
            Release();
        }
    }

    private async Task WaitForBatchAsync(BatchedCall call, TimeSpan timeout, CancellationToken aborted)
    {
        try
        {
            await call.Completion.WaitAsync(timeout, _time, aborted).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException && _batcher!.TryRemove(call))
        {
            if (ex is TimeoutException)
            {
                throw new InferenceRejectedException(
                    $"Model '{Version.Model}' version {Version.Version}: no batch took the request within its timeout of {timeout.TotalMilliseconds:0.###} ms.",
                    504,
                    TimeSpan.Zero);
            }

            throw;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // A running batch holds this request's buffers: they cannot go back to the pool before it ends.
        }

        await call.Completion.ConfigureAwait(false);
        aborted.ThrowIfCancellationRequested();
    }

    private static bool Compatible(BatchedCall a, BatchedCall b)
    {
        var left = a.Context.Request.State.Inputs;
        var right = b.Context.Request.State.Inputs;
        for (var i = 0; i < left.Length; i++)
        {
            if (!left[i].ShapeSpan[1..].SequenceEqual(right[i].ShapeSpan[1..]))
            {
                return false;
            }
        }

        return true;
    }

    private void RunBatch(List<BatchedCall> calls)
    {
        var start = Stopwatch.GetTimestamp();
        long rows = 0;
        foreach (var call in calls)
        {
            rows += call.Rows;
            Statistics.RecordQueue(InferenceStatistics.Elapsed(call.Decoded, start));
        }

        var context = Rent();
        try
        {
            BatchBuffers.Gather(context, _layout, calls, rows);
            var gathered = Stopwatch.GetTimestamp();
            try
            {
                context.Run(_session, _runOptions);
            }
            catch (OnnxRuntimeException) when (context.PreallocatesOutputs)
            {
                // As in Execute: the predicted output shapes did not hold; let ONNX Runtime allocate from now on.
                _preallocateOutputs = false;
                var faulted = context;
                context = Rent();
                Return(faulted);
                BatchBuffers.Gather(context, _layout, calls, rows);
                context.Run(_session, _runOptions);
            }

            var ran = Stopwatch.GetTimestamp();
            foreach (var call in calls)
            {
                (call.BatchStarted, call.BatchRan, call.BatchRows) = (start, ran, rows);
            }
            BatchBuffers.Scatter(context, _layout, calls, rows);
            var scattered = Stopwatch.GetTimestamp();
            Statistics.RecordExecution(
                rows, InferenceStatistics.Elapsed(start, gathered), InferenceStatistics.Elapsed(gathered, ran), InferenceStatistics.Elapsed(ran, scattered));
        }
        finally
        {
            Return(context);
        }
    }

    private void ExitGate()
    {
        _gate.Exit();
        _batcher?.Poke();
    }
}

/// <summary>A decoded request in a dynamic batch: its context holds its inputs and receives its outputs.</summary>
internal sealed class BatchedCall(RunnerContext context, long rows, long decoded) : BatchItem(rows)
{
    public RunnerContext Context => context;

    /// <summary>When decoding ended (<see cref="Stopwatch"/> timestamp): queue time starts here.</summary>
    public long Decoded => decoded;

    /// <summary>When the batch it joined started, and when its run ended (<see cref="Stopwatch"/> timestamps), for traces.</summary>
    public long BatchStarted { get; set; }

    /// <inheritdoc cref="BatchStarted"/>
    public long BatchRan { get; set; }

    /// <summary>Rows of the batch it ran in.</summary>
    public long BatchRows { get; set; }
}
