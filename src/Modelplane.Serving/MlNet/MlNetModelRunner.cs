using System.Diagnostics;
using Microsoft.ML;
using Modelplane.Registry.Models;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Onnx;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.MlNet;

/// <summary>
/// Serves one ML.NET model: each call decodes into its own request, wraps it in a data view and scores it with the
/// shared transformer. <c>ITransformer.Transform</c> is safe to call concurrently (unlike PredictionEngine), and
/// every call has its own request state, view and cursor.
/// </summary>
internal sealed class MlNetModelRunner : IModelRunner
{
    private readonly ITransformer _model;
    private readonly DataViewSchema _inputSchema;
    private readonly ServingOptions _options;
    private readonly AdmissionGate _gate;
    private readonly TimeProvider _time;
    private volatile bool _disposed;

    public MlNetModelRunner(
        ModelVersion version, ITransformer model, DataViewSchema inputSchema, ModelLayout layout, ServingOptions options, ExecutionSettings settings, TimeProvider time)
    {
        Version = version;
        Layout = layout;
        Settings = settings;
        _model = model;
        _inputSchema = inputSchema;
        _options = options;
        _time = time;
        _gate = new AdmissionGate($"Model '{version.Model}' version {version.Version}", settings.MaxConcurrency, settings.MaxQueue);
    }

    public ModelVersion Version { get; }

    public ExecutionSettings Settings { get; }

    public InferenceStatistics Statistics { get; private set; } = new();

    /// <summary>Starts the statistics afresh, so the warm-up run is not counted as traffic.</summary>
    internal void ResetStatistics() => Statistics = new();

    public bool IsAtCapacity => _gate.IsFull;

    public (int Running, int Queued) Occupancy => (_gate.Running, _gate.Waiting);

    internal ModelLayout Layout { get; }

    public async ValueTask InferAsync<TCodec>(TCodec codec, InferenceCall invocation)
        where TCodec : IInferenceCodec
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var request = new InferenceRequest(Layout, _options.MaxTensorElements);
            request.Reset(invocation.ModelName);
            codec.Decode(request);
            request.EnsureComplete();
            var decoded = Stopwatch.GetTimestamp();
            Statistics.RecordInput(InferenceStatistics.Elapsed(started, decoded));
            if (!_gate.TryEnter())
            {
                await _gate.EnterAsync(request.WaitLimit(invocation, _options.DefaultTimeout), invocation.Aborted).ConfigureAwait(false);
            }
            var running = Stopwatch.GetTimestamp();
            Statistics.RecordQueue(InferenceStatistics.Elapsed(decoded, running));
            Oip.OutputTensor[] outputs;
            try
            {
                outputs = Score(request);
            }
            finally
            {
                _gate.Exit();
            }
            var ran = Stopwatch.GetTimestamp();
            var result = new InferenceResult(request, outputs);
            invocation.Observer?.Observe(result);
            codec.Encode(result);
            var encoded = Stopwatch.GetTimestamp();
            if (invocation.Phases is { } phases)
            {
                (phases.Started, phases.Decoded, phases.Admitted, phases.Ran, phases.Encoded, phases.BatchRows) =
                    (started, decoded, running, ran, encoded, request.Rows);
            }
            Statistics.RecordOutput(InferenceStatistics.Elapsed(ran, encoded));
            Statistics.RecordExecution(request.Rows, 0, InferenceStatistics.Elapsed(running, ran), InferenceStatistics.Elapsed(ran, encoded));
            Statistics.RecordSuccess(InferenceStatistics.Elapsed(started, encoded), _time.GetUtcNow().ToUnixTimeMilliseconds());
        }
        catch
        {
            Statistics.RecordFailure(InferenceStatistics.Elapsed(started, Stopwatch.GetTimestamp()));
            throw;
        }
    }

    private Oip.OutputTensor[] Score(InferenceRequest request)
    {
        var rows = BatchSize(request);
        var columns = new RequestColumn[_inputSchema.Count];
        for (var i = 0; i < Layout.Inputs.Length; i++)
        {
            var column = _inputSchema[Layout.Inputs[i].Name];
            columns[column.Index] = RequestColumn.Create(Layout.Inputs[i].ElementType, request.State.Inputs[i], column.Type, rows);
        }

        var scored = _model.Transform(new RequestDataView(_inputSchema, columns, rows));
        return PredictionColumns.Read(scored, Layout.Outputs, rows);
    }

    private long BatchSize(InferenceRequest request)
    {
        var inputs = request.State.Inputs;
        var rows = inputs[0].Shape[0];
        for (var i = 1; i < Layout.Inputs.Length; i++)
        {
            if (inputs[i].Shape[0] != rows)
            {
                throw new InferenceRequestException(
                    $"Input '{Layout.Inputs[i].Name}' has {inputs[i].Shape[0]} rows but '{Layout.Inputs[0].Name}' has {rows}; all inputs must have the same batch size.");
            }
        }

        return rows;
    }

    // The transformer holds managed memory only; the GC reclaims it once in-flight calls drop their references.
    public void Dispose()
    {
        _disposed = true;
        _gate.Dispose();
    }
}
