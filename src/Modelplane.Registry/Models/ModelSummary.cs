namespace Modelplane.Registry.Models;

/// <summary>A model with its version count and latest version number.</summary>
public sealed record ModelSummary(string Name, int LatestVersion, int VersionCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
