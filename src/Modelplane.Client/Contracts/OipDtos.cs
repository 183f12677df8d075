using System.Text.Json;
using System.Text.Json.Serialization;

namespace Modelplane.Client.Contracts;

/// <summary>Open Inference Protocol model metadata (<c>GET /v2/models/{name}</c>).</summary>
/// <param name="Name">The name the client asked for.</param>
/// <param name="Versions">The model's versions.</param>
/// <param name="Platform">The runtime and format, KServe style (for example <c>onnxruntime_onnx</c>).</param>
/// <param name="Inputs">The inputs.</param>
/// <param name="Outputs">The outputs.</param>
/// <param name="Parameters">How the served version runs: concurrency, queue, threads and dynamic batching (Triton's names).</param>
public sealed record OipModelMetadata(
    string Name,
    IReadOnlyList<string> Versions,
    string Platform,
    IReadOnlyList<OipTensorMetadata> Inputs,
    IReadOnlyList<OipTensorMetadata> Outputs,
    IReadOnlyDictionary<string, string>? Parameters = null);

/// <summary>Open Inference Protocol tensor metadata.</summary>
public sealed record OipTensorMetadata(string Name, string Datatype, IReadOnlyList<long> Shape);

/// <summary>Open Inference Protocol server metadata (<c>GET /v2</c>).</summary>
public sealed record OipServerMetadata(string Name, string Version, IReadOnlyList<string> Extensions);

/// <summary>An Open Inference Protocol tensor, as the client sends or receives it.</summary>
public sealed record OipTensor(string Name, IReadOnlyList<long> Shape, string Datatype, JsonElement Data);

/// <summary>An Open Inference Protocol inference request as the client builds it.</summary>
public sealed record OipInferenceRequest(string? Id, IReadOnlyList<OipTensor> Inputs);

/// <summary>An Open Inference Protocol inference response.</summary>
public sealed record OipInferenceResponse(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("model_version")] string? ModelVersion,
    string? Id,
    IReadOnlyList<OipTensor> Outputs);

/// <summary>
/// One model version in the repository index (<c>POST /v2/repository/index</c>, Triton's model-repository extension),
/// also returned by the load and unload routes.
/// </summary>
/// <param name="Name">The model name.</param>
/// <param name="Version">The version number.</param>
/// <param name="State"><c>READY</c>, <c>LOADING</c>, <c>UNLOADING</c> or <c>UNAVAILABLE</c>.</param>
/// <param name="Reason">Why the version is unavailable (not loaded, unloaded on request, or the load error).</param>
/// <param name="MemoryBytes">Modelplane-specific: the memory the loaded version takes (reserved while loading; given back, in an unload's answer).</param>
public sealed record OipRepositoryModel(
    string Name,
    string Version,
    string State,
    string? Reason,
    [property: JsonPropertyName("memory_bytes")] long? MemoryBytes);
