namespace Modelplane.Client.Contracts;

/// <summary>A model in the model list.</summary>
public sealed record ModelSummaryDto(string Name, int LatestVersion, int VersionCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A model with all its versions, newest first.</summary>
public sealed record ModelDto(string Name, int LatestVersion, IReadOnlyList<ModelVersionDto> Versions);
