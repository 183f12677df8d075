using System.Buffers;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Modelplane.Registry.Models;
using Modelplane.Serving.Onnx;

namespace Modelplane.Serving;

/// <summary>Creates an <see cref="IModelRunner"/> per model version; register once with <c>AddModelServing()</c>.</summary>
/// <param name="options">Limits and ONNX Runtime thread settings.</param>
public sealed class ModelRunnerFactory(IOptions<ServingOptions> options)
{
    /// <summary>Creates the ONNX Runtime session from the verified artifact bytes, warms it up and returns the runner.</summary>
    /// <param name="version">The version to serve; its signature is checked against the graph.</param>
    /// <param name="artifact">The artifact bytes, already verified against <see cref="ModelVersion.Digest"/>.</param>
    /// <returns>A runner that owns the session; dispose it to release native memory.</returns>
    /// <remarks>The warm-up runs one request of zeros built from the signature (dynamic dimensions set to 1), so the
    /// first client request does not pay for lazy initialisation, and a model that cannot run fails here.</remarks>
    /// <exception cref="NotSupportedException">The version's format is not ONNX.</exception>
    /// <exception cref="InvalidOperationException">The artifact cannot be loaded, its graph disagrees with the signature, or the warm-up failed.</exception>
    public IModelRunner Create(ModelVersion version, byte[] artifact)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(artifact);
        if (!string.Equals(version.Format, "onnx", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"{version.Model}@{version.Version} has format '{version.Format}'; only onnx can be served.");
        }
        var settings = options.Value;
        InferenceSession session;
        using (var sessionOptions = CreateSessionOptions(settings))
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
            runner = new OnnxModelRunner(version, session, layout, settings);
            WarmUp(runner, layout);
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

    private static Microsoft.ML.OnnxRuntime.SessionOptions CreateSessionOptions(ServingOptions settings) => new()
    {
        IntraOpNumThreads = settings.IntraOpThreads,
        InterOpNumThreads = settings.InterOpThreads,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    private static void WarmUp(OnnxModelRunner runner, ModelLayout layout)
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
            runner.Infer(new ReadOnlySequence<byte>(body), response, runner.Version.Model);
        }
        catch (Exception ex) when (ex is InferenceRequestException or OnnxRuntimeException)
        {
            throw new InvalidOperationException(
                $"Warm-up of {runner.Version.Model}@{runner.Version.Version} with zero inputs failed: {ex.Message}", ex);
        }
    }
}
