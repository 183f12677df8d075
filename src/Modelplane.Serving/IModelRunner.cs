using System.Buffers;
using Modelplane.Registry.Models;

namespace Modelplane.Serving;

/// <summary>Runs one model version for Open Inference Protocol (KServe V2) JSON requests.</summary>
/// <remarks>
/// Implementations are safe for concurrent <see cref="Infer"/> calls. Disposing while calls are in flight is
/// safe: native resources are released when the last in-flight call returns, and later calls throw
/// <see cref="ObjectDisposedException"/>.
/// </remarks>
public interface IModelRunner : IDisposable
{
    /// <summary>The model version this runner serves.</summary>
    ModelVersion Version { get; }

    /// <summary>Parses and validates an OIP request body, runs the model and writes the OIP response JSON to <paramref name="output"/>.</summary>
    /// <param name="requestBody">The UTF-8 JSON request body.</param>
    /// <param name="output">Receives the UTF-8 JSON response; nothing is written when the call throws.</param>
    /// <param name="modelName">Echoed as <c>model_name</c> and used in error messages (the endpoint or model name the client called).</param>
    /// <remarks>
    /// Accepted: <c>data</c> flat or nested (flattened row-major, only the element count is checked against
    /// <c>shape</c>); fields in any order; <c>parameters</c> and unknown fields ignored; an empty <c>outputs</c> list
    /// means all outputs. Rejected with 400: a datatype other than the signature's (no conversion), shapes with a
    /// negative or, for now, a zero dimension (empty batches), BYTES inputs (not supported yet). Non-finite float
    /// outputs are written as the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>.
    /// </remarks>
    /// <exception cref="InferenceRequestException">The request is malformed or does not fit the model's signature.</exception>
    void Infer(ReadOnlySequence<byte> requestBody, IBufferWriter<byte> output, string modelName);
}
