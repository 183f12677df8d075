namespace Modelplane.Server.Mlflow;

// Request messages. Every member is nullable: MLflow's protobuf fields are optional on the wire and the
// handlers report a missing required one by name. run_uuid is the deprecated spelling of run_id.

internal sealed record CreateExperimentRequest(string? Name, string? ArtifactLocation, KeyValueDto[]? Tags);

internal sealed record ExperimentIdRequest(string? ExperimentId);

internal sealed record ExperimentNameRequest(string? ExperimentName);

internal sealed record SearchExperimentsRequest(long? MaxResults, string? PageToken, string? Filter, string[]? OrderBy, string? ViewType);

internal sealed record UpdateExperimentRequest(string? ExperimentId, string? NewName);

internal sealed record SetExperimentTagRequest(string? ExperimentId, string? Key, string? Value);

internal sealed record CreateRunRequest(string? ExperimentId, string? UserId, string? RunName, long? StartTime, KeyValueDto[]? Tags);

internal sealed record RunIdRequest(string? RunId, string? RunUuid);

internal sealed record UpdateRunRequest(string? RunId, string? RunUuid, string? Status, long? EndTime, string? RunName);

internal sealed record LogMetricRequest(string? RunId, string? RunUuid, string? Key, double? Value, long? Timestamp, long? Step);

internal sealed record RunKeyValueRequest(string? RunId, string? RunUuid, string? Key, string? Value);

internal sealed record LogBatchRequest(string? RunId, string? RunUuid, MetricDto[]? Metrics, KeyValueDto[]? Params, KeyValueDto[]? Tags);

internal sealed record LogInputsRequest(string? RunId, string? RunUuid, DatasetInputDto[]? Datasets);

internal sealed record SearchRunsRequest(
    string[]? ExperimentIds, string? Filter, string? RunViewType, long? MaxResults, string[]? OrderBy, string? PageToken);

internal sealed record MetricHistoryRequest(string? RunId, string? RunUuid, string? MetricKey, string? PageToken, long? MaxResults);
