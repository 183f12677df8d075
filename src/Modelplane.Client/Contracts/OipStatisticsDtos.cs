using System.Text.Json.Serialization;

namespace Modelplane.Client.Contracts;

/// <summary>Triton's statistics extension response (<c>GET /v2/models[/{name}[/versions/{v}]]/stats</c>).</summary>
public sealed record OipModelStatisticsResponse([property: JsonPropertyName("model_stats")] IReadOnlyList<OipModelStatistics> ModelStats);

/// <summary>Cumulative statistics of one loaded version since it was loaded.</summary>
/// <param name="Name">The model name.</param>
/// <param name="Version">The version number.</param>
/// <param name="LastInference">When the last successful request finished, as Unix milliseconds; 0 before the first.</param>
/// <param name="InferenceCount">Rows inferred (a request of 64 rows counts 64).</param>
/// <param name="ExecutionCount">Runtime executions (a dynamic batch counts once).</param>
/// <param name="InferenceStats">Per-phase counts and nanoseconds.</param>
/// <param name="BatchStats">Per execution batch size: counts and nanoseconds.</param>
public sealed record OipModelStatistics(
    string Name,
    string Version,
    [property: JsonPropertyName("last_inference")] long LastInference,
    [property: JsonPropertyName("inference_count")] long InferenceCount,
    [property: JsonPropertyName("execution_count")] long ExecutionCount,
    [property: JsonPropertyName("inference_stats")] OipInferenceStatistics InferenceStats,
    [property: JsonPropertyName("batch_stats")] IReadOnlyList<OipBatchStatistics> BatchStats);

/// <summary>Request counts and cumulative durations per phase.</summary>
public sealed record OipInferenceStatistics(
    OipDuration Success,
    OipDuration Fail,
    OipDuration Queue,
    [property: JsonPropertyName("compute_input")] OipDuration ComputeInput,
    [property: JsonPropertyName("compute_infer")] OipDuration ComputeInfer,
    [property: JsonPropertyName("compute_output")] OipDuration ComputeOutput);

/// <summary>Executions of one batch size and their cumulative durations.</summary>
public sealed record OipBatchStatistics(
    [property: JsonPropertyName("batch_size")] long BatchSize,
    [property: JsonPropertyName("compute_input")] OipDuration ComputeInput,
    [property: JsonPropertyName("compute_infer")] OipDuration ComputeInfer,
    [property: JsonPropertyName("compute_output")] OipDuration ComputeOutput);

/// <summary>A count and the total nanoseconds they took.</summary>
public sealed record OipDuration(long Count, long Ns);
