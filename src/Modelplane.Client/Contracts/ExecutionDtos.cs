using System.Text.Json.Serialization;

namespace Modelplane.Client.Contracts;

/// <summary>
/// How a version runs when served (<c>PUT /api/v1/models/{name}/versions/{v}/execution</c>); a null member means the
/// server's default. Named as in Triton's model configuration, like the OIP metadata <c>parameters</c>.
/// </summary>
/// <param name="MaxConcurrency">Calls (or batches) running at once.</param>
/// <param name="MaxQueue">Calls waiting at once, for a slot or a batch; more get 429.</param>
/// <param name="IntraOpThreads">ONNX Runtime threads inside one operator (0: ONNX Runtime chooses).</param>
/// <param name="InterOpThreads">ONNX Runtime threads across independent operators.</param>
/// <param name="Batching">Dynamic batching; null for none (the default).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ExecutionSettingsDto(
    [property: JsonPropertyName("max_concurrency")] int? MaxConcurrency = null,
    [property: JsonPropertyName("max_queue")] int? MaxQueue = null,
    [property: JsonPropertyName("intra_op_threads")] int? IntraOpThreads = null,
    [property: JsonPropertyName("inter_op_threads")] int? InterOpThreads = null,
    [property: JsonPropertyName("batching")] BatchingSettingsDto? Batching = null);

/// <summary>Dynamic batching of a version.</summary>
/// <param name="MaxBatchSize">Most rows in one execution.</param>
/// <param name="MaxQueueDelayUs">Longest a request waits for others to join its batch, in microseconds.</param>
/// <param name="PreferredBatchSizes">Row counts that run at once when reached, without waiting for the delay.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BatchingSettingsDto(
    [property: JsonPropertyName("max_batch_size")] int MaxBatchSize,
    [property: JsonPropertyName("max_queue_delay_us")] long MaxQueueDelayUs,
    [property: JsonPropertyName("preferred_batch_sizes")] IReadOnlyList<int>? PreferredBatchSizes = null);

/// <summary>A version's execution settings as stored, and as the version runs with the server's defaults filled in.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version number.</param>
/// <param name="Settings">What was set for this version; null members take the defaults.</param>
/// <param name="Effective">What the version runs with.</param>
public sealed record VersionExecutionDto(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("settings")] ExecutionSettingsDto Settings,
    [property: JsonPropertyName("effective")] ExecutionSettingsDto Effective);
