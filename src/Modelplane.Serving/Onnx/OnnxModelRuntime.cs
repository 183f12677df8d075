using System.Buffers;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Modelplane.Registry.Formats;
using Modelplane.Registry.Models;
using Modelplane.Serving.Execution;

namespace Modelplane.Serving.Onnx;

/// <summary>Serves ONNX versions with ONNX Runtime.</summary>
/// <param name="options">Limits and ONNX Runtime thread settings.</param>
internal sealed class OnnxModelRuntime(IOptions<ServingOptions> options, TimeProvider time) : IModelRuntime
{
    public string Format => ModelFormatNames.Onnx;

    /// <remarks>The warm-up runs one request of zeros built from the signature (dynamic dimensions set to 1), so the
    /// first client request does not pay for lazy initialisation, and a model that cannot run fails here.</remarks>
    public IModelRunner Create(ModelVersion version, byte[] artifact, ExecutionSettings execution)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(artifact);
        var settings = options.Value;
        InferenceSession session;
        using (var sessionOptions = CreateSessionOptions(execution))
        {
            try
            {
                session = new InferenceSession(artifact, sessionOptions);
            }
            catch (OnnxRuntimeException ex)
            {
                throw new InvalidOperationException($"ONNX Runtime could not load {version.Model}@{version.Version}: {ex.Message}", ex);
            }
        }
        OnnxModelRunner? runner = null;
        try
        {
            var layout = ModelLayout.Create(version, session);
            runner = new OnnxModelRunner(version, session, layout, settings, execution, time);
            WarmUp(runner, layout, settings);
            runner.ResetStatistics();

            // After the warm-up: its single request must not wait out a queue delay for a batch that never fills.
            runner.StartBatching();
            return runner;
        }
        catch
        {
            if (runner is null)
            {
                session.Dispose();
            }
            runner?.Dispose();
            throw;
        }
    }

    private static Microsoft.ML.OnnxRuntime.SessionOptions CreateSessionOptions(ExecutionSettings settings) => new()
    {
        IntraOpNumThreads = settings.IntraOpThreads,
        InterOpNumThreads = settings.InterOpThreads,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    private static void WarmUp(OnnxModelRunner runner, ModelLayout layout, ServingOptions options)
    {
        // String inputs cannot be sent yet, so such a model cannot be warmed up (or served) through OIP.
        if (layout.Inputs.Any(i => i.ElementSize == 0))
        {
            return;
        }
        var body = WarmUpRequest.Build(layout);
        var response = new ArrayBufferWriter<byte>();
        try
        {
            runner.Infer(new ReadOnlySequence<byte>(body), response, runner.Version.Model, options);
        }
        catch (Exception ex) when (ex is InferenceRequestException or OnnxRuntimeException)
        {
            throw new InvalidOperationException(
                $"Warm-up of {runner.Version.Model}@{runner.Version.Version} with zero inputs failed: {ex.Message}", ex);
        }
    }
}
