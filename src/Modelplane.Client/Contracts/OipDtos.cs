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
