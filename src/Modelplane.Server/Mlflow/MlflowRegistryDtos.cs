namespace Modelplane.Server.Mlflow;

// The model registry's protobuf messages as JSON. Version numbers travel as strings, as in MLflow.

internal sealed record AliasDto(string Alias, string Version);

internal sealed record ModelVersionDto(
    string Name,
    string Version,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? UserId,
    string CurrentStage,
    string? Description,
    string Source,
    string? RunId,
    string Status,
    KeyValueDto[]? Tags,
    string? RunLink,
    string[]? Aliases);

internal sealed record RegisteredModelDto(
    string Name,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? Description,
    ModelVersionDto[]? LatestVersions,
    KeyValueDto[]? Tags,
    AliasDto[]? Aliases);

internal sealed record RegisteredModelResponse(RegisteredModelDto RegisteredModel);

internal sealed record RegisteredModelsPageResponse(RegisteredModelDto[]? RegisteredModels, string? NextPageToken);

internal sealed record ModelVersionResponse(ModelVersionDto ModelVersion);

internal sealed record ModelVersionsResponse(ModelVersionDto[]? ModelVersions);

internal sealed record ModelVersionsPageResponse(ModelVersionDto[]? ModelVersions, string? NextPageToken);

internal sealed record DownloadUriResponse(string ArtifactUri);

internal sealed record CreateRegisteredModelRequest(string? Name, KeyValueDto[]? Tags, string? Description);

internal sealed record RegisteredModelNameRequest(string? Name);

internal sealed record RenameRegisteredModelRequest(string? Name, string? NewName);

internal sealed record UpdateRequest(string? Name, string? Version, string? Description);

internal sealed record SearchRegistryRequest(string? Filter, long? MaxResults, string[]? OrderBy, string? PageToken);

internal sealed record LatestVersionsRequest(string? Name, string[]? Stages);

internal sealed record RegistryTagRequest(string? Name, string? Version, string? Key, string? Value);

internal sealed record AliasRequest(string? Name, string? Alias, string? Version);

internal sealed record CreateModelVersionRequest(string? Name, string? Source, string? RunId, KeyValueDto[]? Tags, string? RunLink, string? Description);

internal sealed record ModelVersionRequest(string? Name, string? Version);

internal sealed record TransitionStageRequest(string? Name, string? Version, string? Stage, bool? ArchiveExistingVersions);
