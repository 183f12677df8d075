using Modelplane.Registry.Tracking;

namespace Modelplane.Server.Mlflow;

// MLflow's protobuf messages as JSON (snake_case names from MlflowJsonContext). Like protobuf's JSON printer,
// empty lists and unset fields are left out: those members are null when there is nothing to send.

internal sealed record KeyValueDto(string? Key, string? Value)
{
    public static KeyValueDto[]? From(IReadOnlyList<TrackingTag> tags) => tags.Count == 0 ? null : [.. tags.Select(t => new KeyValueDto(t.Key, t.Value))];
}

internal sealed record MetricDto(string? Key, double? Value, long? Timestamp, long? Step)
{
    public static MetricDto From(Metric m) => new(m.Key, m.Value, m.Timestamp, m.Step);
}

internal sealed record ExperimentDto(
    string ExperimentId, string Name, string ArtifactLocation, string LifecycleStage, long LastUpdateTime, long CreationTime, KeyValueDto[]? Tags)
{
    public static ExperimentDto From(Experiment e) => new(
        e.ExperimentId, e.Name, e.ArtifactLocation, e.LifecycleStage, e.LastUpdateTime, e.CreationTime, KeyValueDto.From(e.Tags));
}

internal sealed record RunInfoDto(
    string RunId, string RunUuid, string RunName, string ExperimentId, string UserId, string Status, long StartTime, long? EndTime,
    string ArtifactUri, string LifecycleStage)
{
    public static RunInfoDto From(RunInfo i) => new(
        i.RunId, i.RunId, i.RunName, i.ExperimentId, i.UserId, i.Status, i.StartTime, i.EndTime, i.ArtifactUri, i.LifecycleStage);
}

internal sealed record RunDataDto(MetricDto[]? Metrics, KeyValueDto[]? Params, KeyValueDto[]? Tags);

internal sealed record DatasetDto(string? Name, string? Digest, string? SourceType, string? Source, string? Schema, string? Profile);

internal sealed record DatasetInputDto(KeyValueDto[]? Tags, DatasetDto? Dataset);

internal sealed record RunInputsDto(DatasetInputDto[]? DatasetInputs);

internal sealed record RunDto(RunInfoDto Info, RunDataDto Data, RunInputsDto Inputs)
{
    public static RunDto From(Run r) => new(
        RunInfoDto.From(r.Info),
        new RunDataDto(
            r.Data.Metrics.Count == 0 ? null : [.. r.Data.Metrics.Select(MetricDto.From)],
            KeyValueDto.From(r.Data.Params),
            KeyValueDto.From(r.Data.Tags)),
        new RunInputsDto(r.Inputs.Count == 0 ? null : [.. r.Inputs.Select(i => new DatasetInputDto(
            KeyValueDto.From(i.Tags),
            new DatasetDto(i.Dataset.Name, i.Dataset.Digest, i.Dataset.SourceType, i.Dataset.Source, i.Dataset.Schema, i.Dataset.Profile)))]));
}

internal sealed record MlflowErrorDto(string ErrorCode, string Message);

internal sealed record EmptyResponse;

internal sealed record CreateExperimentResponse(string ExperimentId);

internal sealed record ExperimentResponse(ExperimentDto Experiment);

internal sealed record ExperimentsPageResponse(ExperimentDto[]? Experiments, string? NextPageToken);

internal sealed record RunResponse(RunDto Run);

internal sealed record RunInfoResponse(RunInfoDto RunInfo);

internal sealed record RunsPageResponse(RunDto[]? Runs, string? NextPageToken);

internal sealed record MetricsPageResponse(MetricDto[]? Metrics, string? NextPageToken);
