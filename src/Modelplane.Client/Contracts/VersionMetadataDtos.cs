namespace Modelplane.Client.Contracts;

/// <summary>Where a version came from, as given at push.</summary>
public sealed record LineageDto(
    string? DatasetUri,
    string? DatasetSha256,
    string? CodeRepository,
    string? CodeCommit,
    string? RunId,
    IReadOnlyList<int> Parents,
    string? CreatedBy);

/// <summary>A review decision: <c>status</c> is <c>pending</c>, <c>approved</c> or <c>rejected</c>.</summary>
public sealed record ApprovalDto(string Status, string? By, DateTimeOffset? At, string? Comment);

/// <summary>Body of <c>POST /api/v1/models/{name}/versions/{v}/approval</c>; the server ignores <c>By</c> and records the authenticated caller.</summary>
public sealed record ApprovalRequest(string Status, string? By, string? Comment);

/// <summary>An alias and the version it names.</summary>
public sealed record AliasDto(string Model, string Alias, int Version, DateTimeOffset UpdatedAt);

/// <summary>Body of <c>PUT /api/v1/models/{name}/aliases/{alias}</c>.</summary>
public sealed record SetAliasRequest(int Version);

/// <summary>Body of <c>PUT /api/v1/models/{name}/versions/{v}/tags/{key}</c>.</summary>
public sealed record SetTagRequest(string Value);

/// <summary>A version's provenance graph (<c>GET .../versions/{v}/lineage</c>), ready for a dashboard to draw.</summary>
public sealed record LineageGraphDto(IReadOnlyList<LineageNodeDto> Nodes, IReadOnlyList<LineageEdgeDto> Edges);

/// <summary>A node: <c>type</c> is <c>model_version</c>, <c>dataset</c>, <c>code</c> or <c>run</c>.</summary>
public sealed record LineageNodeDto(string Id, string Type, string Label, IReadOnlyDictionary<string, string> Properties);

/// <summary>An edge from a version to its source: <c>derived_from</c>, <c>trained_on</c>, <c>built_from</c> or <c>produced_by</c>.</summary>
public sealed record LineageEdgeDto(string From, string To, string Type);
