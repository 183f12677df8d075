using System.Text.Json;
using System.Text.Json.Serialization;
using Modelplane.Client.Contracts;

namespace Modelplane.Client;

/// <summary>Source-generated JSON metadata for every wire contract; the server and the client both use it.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelVersionDto))]
[JsonSerializable(typeof(IReadOnlyList<ModelVersionDto>))]
[JsonSerializable(typeof(ModelSummaryDto))]
[JsonSerializable(typeof(IReadOnlyList<ModelSummaryDto>))]
[JsonSerializable(typeof(ModelDto))]
[JsonSerializable(typeof(VersionSearchResultDto))]
[JsonSerializable(typeof(EndpointDto))]
[JsonSerializable(typeof(IReadOnlyList<EndpointDto>))]
[JsonSerializable(typeof(CreateEndpointRequest))]
[JsonSerializable(typeof(SetEndpointTargetRequest))]
[JsonSerializable(typeof(ErrorDto))]
[JsonSerializable(typeof(AliasDto))]
[JsonSerializable(typeof(IReadOnlyList<AliasDto>))]
[JsonSerializable(typeof(SetAliasRequest))]
[JsonSerializable(typeof(SetTagRequest))]
[JsonSerializable(typeof(ApprovalRequest))]
[JsonSerializable(typeof(PolicyDto))]
[JsonSerializable(typeof(PolicyRefusalDto))]
[JsonSerializable(typeof(PolicyCheckDto))]
[JsonSerializable(typeof(LineageGraphDto))]
[JsonSerializable(typeof(DeletedVersionDto))]
[JsonSerializable(typeof(DeletedModelDto))]
[JsonSerializable(typeof(DeletedItemsDto))]
[JsonSerializable(typeof(PurgeResultDto))]
[JsonSerializable(typeof(ExecutionSettingsDto))]
[JsonSerializable(typeof(VersionExecutionDto))]
[JsonSerializable(typeof(OipModelMetadata))]
[JsonSerializable(typeof(OipModelStatisticsResponse))]
[JsonSerializable(typeof(OipServerMetadata))]
[JsonSerializable(typeof(OipInferenceRequest))]
[JsonSerializable(typeof(OipInferenceResponse))]
[JsonSerializable(typeof(IReadOnlyList<OipRepositoryModel>))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class ModelplaneJsonContext : JsonSerializerContext;
