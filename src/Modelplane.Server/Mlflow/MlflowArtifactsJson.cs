using System.Text.Json.Serialization;
using Modelplane.Registry.Tracking.Artifacts;

namespace Modelplane.Server.Mlflow;

// MLflow's FileInfo and ListArtifacts.Response. Like protobuf's JSON printer, an empty listing leaves "files" out
// and a directory has no file_size. A separate context keeps artifact DTOs apart from the tracking ones.

internal sealed record FileInfoDto(string Path, bool IsDir, long? FileSize)
{
    public static FileInfoDto From(RunArtifact a, string path) => new(path, a.IsDirectory, a.SizeBytes);
}

internal sealed record ListArtifactsResponse(string? RootUri, FileInfoDto[]? Files);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ListArtifactsResponse))]
internal sealed partial class MlflowArtifactsJsonContext : JsonSerializerContext;
