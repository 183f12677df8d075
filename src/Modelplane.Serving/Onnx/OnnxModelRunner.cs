using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Modelplane.Registry.Models;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Onnx;

/// <summary>Serves one model version from one <see cref="InferenceSession"/>, shared by all concurrent calls.</summary>
/// <remarks>
/// A call decodes into a pooled context, passes the version's admission gate (running at once when a slot is free,
/// else waiting in the bounded queue), runs with IOBinding over pinned buffers, and encodes straight from the
/// output buffers. The fast path completes synchronously and allocates nothing once the pool is warm.
/// </remarks>
internal sealed partial class OnnxModelRunner : IModelRunner
{
    private readonly InferenceSession _session;
    private readonly ModelLayout _layout;
    private readonly ServingOptions _options;
    private readonly RunOptions _runOptions = new();
    private readonly ContextPool _pool;
    private readonly AdmissionGate _gate;
    private readonly TimeProvider _time;
    private volatile bool _preallocateOutputs;
    private int _references = 1;
    private int _disposed;

    public OnnxModelRunner(ModelVersion version, InferenceSession session, ModelLayout layout, ServingOptions options, ExecutionSettings settings, TimeProvider time)
    {
        Version = version;
        Settings = settings;
        _session = session;
        _layout = layout;
        _options = options;
        _time = time;
        _preallocateOutputs = layout.OutputsPredictable;
        _gate = new AdmissionGate($"Model '{version.Model}' version {version.Version}", settings.MaxConcurrency, settings.MaxQueue);
        _pool = new ContextPool(() => new RunnerContext(_session, _layout, _preallocateOutputs, _options.MaxTensorElements));
    }

    public ModelVersion Version { get; }

    public ExecutionSettings Settings { get; }

    public InferenceStatistics Statistics { get; private set; } = new();

    /// <summary>Starts the statistics afresh, so the warm-up run is not counted as traffic.</summary>
    internal void ResetStatistics() => Statistics = new();

    public bool IsAtCapacity => _batcher?.IsFull ?? _gate.IsFull;

    public (int Running, int Queued) Occupancy => (_gate.Running, _gate.Waiting + (_batcher?.Pending ?? 0));

    public ValueTask InferAsync<TCodec>(TCodec codec, InferenceCall invocation)
        where TCodec : IInferenceCodec
    {
        var started = Stopwatch.GetTimestamp();
        AddReference();
        var context = Rent();
        var pending = false;
        try
        {
            Decode(ref codec, context, invocation.ModelName);
            var decoded = Stopwatch.GetTimestamp();
            Statistics.RecordInput(InferenceStatistics.Elapsed(started, decoded));
            if (invocation.Phases is { } phases)
            {
                phases.Started = started;
                phases.Decoded = decoded;
            }
            if (_batcher is not null && BatchRows(context.Request) is > 0 and var rows)
            {
                pending = true;
                return InferBatchedAsync(codec, invocation, context, started, decoded, rows);
            }

            if (!_gate.TryEnter())
            {
                pending = true;
                return InferQueuedAsync(codec, invocation, context, started, decoded);
            }
            Statistics.RecordQueue(0);
            try
            {
                Execute(ref codec, ref context, invocation, started);
            }
            finally
            {
                ExitGate();
            }
            return ValueTask.CompletedTask;
        }
        catch
        {
            Statistics.RecordFailure(InferenceStatistics.Elapsed(started, Stopwatch.GetTimestamp()));
            throw;
        }
        finally
        {
            if (!pending)
            {
                Return(context);
                Release();
            }
        }
    }

    private async ValueTask InferQueuedAsync<TCodec>(TCodec codec, InferenceCall invocation, RunnerContext context, long started, long decoded)
        where TCodec : IInferenceCodec
    {
        try
        {
            var timeout = Timeout(invocation, context.Request);
            await _gate.EnterAsync(timeout, invocation.Aborted).ConfigureAwait(false);
            Statistics.RecordQueue(InferenceStatistics.Elapsed(decoded, Stopwatch.GetTimestamp()));
            try
            {
                Execute(ref codec, ref context, invocation, started);
            }
            finally
            {
                ExitGate();
            }
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

    private TimeSpan Timeout(InferenceCall invocation, InferenceRequest request)
    {
        return request.WaitLimit(invocation, _options.DefaultTimeout);
    }

    private static void Decode<TCodec>(ref TCodec codec, RunnerContext context, string modelName)
        where TCodec : IInferenceCodec
    {
        context.Request.Reset(modelName);
        codec.Decode(context.Request);
        context.Request.EnsureComplete();
    }

    /// <summary>Runs and encodes; replaces <paramref name="context"/> when the first run had to be retried on a fresh one.</summary>
    private void Execute<TCodec>(ref TCodec codec, ref RunnerContext context, in InferenceCall invocation, long started)
        where TCodec : IInferenceCodec
    {
        var running = Stopwatch.GetTimestamp();
        try
        {
            context.Run(_session, _runOptions);
        }
        catch (OnnxRuntimeException) when (context.PreallocatesOutputs)
        {
            // The graph's symbolic output dimensions did not hold for this request: stop predicting output shapes for
            // this version, let ONNX Runtime allocate outputs from now on, and run once more on a fresh context.
            _preallocateOutputs = false;
            var faulted = context;
            context = Rent();
            Return(faulted);
            Decode(ref codec, context, invocation.ModelName);
            context.Run(_session, _runOptions);
        }
        var ran = Stopwatch.GetTimestamp();
        var result = new InferenceResult(context.Request, context.Outputs);
        invocation.Observer?.Observe(result);
        codec.Encode(result);
        var encoded = Stopwatch.GetTimestamp();
        if (invocation.Phases is { } phases)
        {
            (phases.Admitted, phases.Ran, phases.Encoded, phases.BatchRows) = (running, ran, encoded, context.Request.Rows);
        }
        var outputNs = InferenceStatistics.Elapsed(ran, encoded);
        Statistics.RecordOutput(outputNs);
        Statistics.RecordExecution(context.Request.Rows, 0, InferenceStatistics.Elapsed(running, ran), outputNs);
        Statistics.RecordSuccess(InferenceStatistics.Elapsed(started, encoded), _time.GetUtcNow().ToUnixTimeMilliseconds());
    }
}
