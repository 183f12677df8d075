using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using Modelplane.Registry.Models;
using Modelplane.Serving.Oip;

namespace Modelplane.Serving.Onnx;

/// <summary>Serves one model version from one <see cref="InferenceSession"/>, shared by all concurrent calls.</summary>
internal sealed class OnnxModelRunner : IModelRunner
{
    private readonly InferenceSession _session;
    private readonly ModelLayout _layout;
    private readonly ServingOptions _options;
    private readonly RunOptions _runOptions = new();
    private readonly ContextPool _pool;
    private volatile bool _preallocateOutputs;
    private int _references = 1;
    private int _disposed;

    public OnnxModelRunner(ModelVersion version, InferenceSession session, ModelLayout layout, ServingOptions options)
    {
        Version = version;
        _session = session;
        _layout = layout;
        _options = options;
        _preallocateOutputs = layout.OutputsPredictable;
        _pool = new ContextPool(() => new RunnerContext(_session, _layout, _preallocateOutputs));
    }

    public ModelVersion Version { get; }

    public void Infer(ReadOnlySequence<byte> requestBody, IBufferWriter<byte> output, string modelName)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(modelName);
        if (requestBody.Length > _options.MaxRequestBytes)
        {
            throw InferenceRequestException.TooLarge($"The request body has {requestBody.Length} bytes; the limit is {_options.MaxRequestBytes}.");
        }
        AddReference();
        try
        {
            var context = Rent();
            try
            {
                Infer(context, requestBody, output, modelName);
            }
            catch (OnnxRuntimeException) when (context.PreallocatesOutputs)
            {
                // The graph's symbolic output dimensions did not hold for this request: stop predicting output
                // shapes for this version, let ONNX Runtime allocate outputs from now on, and retry once.
                _preallocateOutputs = false;
                Infer(Rent(), requestBody, output, modelName);
            }
        }
        finally
        {
            Release();
        }
    }

    private void Infer(RunnerContext context, ReadOnlySequence<byte> requestBody, IBufferWriter<byte> output, string modelName)
    {
        var reusable = false;
        try
        {
            context.Request.Reset();
            reusable = true;
            InferenceRequestReader.Read(requestBody, context.Request, _layout, modelName, _options);
            // A context that saw a runtime fault may hold a half-updated binding: reuse it only after success.
            reusable = false;
            context.Run(_session, _runOptions);
            reusable = true;
            InferenceResponseWriter.Write(output, _layout, context.Request, context.Outputs, modelName);
        }
        finally
        {
            if (reusable)
            {
                context.EndCall();
                _pool.Return(context);
            }
            else
            {
                context.Dispose();
            }
        }
    }

    private RunnerContext Rent()
    {
        while (true)
        {
            var context = _pool.Rent();
            if (!context.PreallocatesOutputs || _preallocateOutputs)
            {
                return context;
            }
            context.Dispose();
        }
    }

    private void AddReference()
    {
        var current = Volatile.Read(ref _references);
        while (true)
        {
            ObjectDisposedException.ThrowIf(current == 0, this);
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _pool.Dispose();
            _runOptions.Dispose();
            _session.Dispose();
        }
    }

    /// <summary>Releases the session once no call is in flight; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Release();
        }
    }
}
