using Modelplane.Registry.Models;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving;

/// <summary>Runs one loaded model version for any wire protocol (<see cref="IInferenceCodec"/>).</summary>
/// <remarks>
/// Implementations are safe for concurrent calls. Disposing while calls are in flight is safe: native resources are
/// released when the last in-flight call returns, and later calls throw <see cref="ObjectDisposedException"/>.
/// </remarks>
public interface IModelRunner : IDisposable
{
    /// <summary>The model version this runner serves.</summary>
    ModelVersion Version { get; }

    /// <summary>How this version runs: concurrency, queue, threads, batching.</summary>
    ExecutionSettings Settings { get; }

    /// <summary>Cumulative counts and times since the version was loaded.</summary>
    InferenceStatistics Statistics { get; }

    /// <summary>True when a new call would be refused with 429 now; lets a transport shed load before reading a body.</summary>
    bool IsAtCapacity { get; }

    /// <summary>Calls executing now and calls waiting for a slot or a batch (read without locks, for gauges).</summary>
    (int Running, int Queued) Occupancy => (0, 0);

    /// <summary>Decodes the request with <paramref name="codec"/>, runs the model and encodes the outputs with it.</summary>
    /// <remarks>Completes synchronously unless the call has to wait for a slot or a batch.</remarks>
    /// <exception cref="InferenceRequestException">The request is malformed or does not fit the model's signature.</exception>
    /// <exception cref="InferenceRejectedException">The version is at capacity (429) or the call's timeout passed while it waited (504).</exception>
    ValueTask InferAsync<TCodec>(TCodec codec, InferenceCall invocation)
        where TCodec : IInferenceCodec;
}
