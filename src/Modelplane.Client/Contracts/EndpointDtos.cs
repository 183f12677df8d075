namespace Modelplane.Client.Contracts;

/// <summary>An endpoint and the model version it serves.</summary>
public sealed record EndpointDto(string Name, string Model, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Body of <c>POST /api/v1/endpoints</c>; <c>version</c> 0 with no alias means the latest version.</summary>
public sealed record CreateEndpointRequest(string Name, string Model, int Version)
{
    /// <summary>An alias of <see cref="Model"/> to resolve instead of <see cref="Version"/> (which must then be 0); the endpoint is pinned to the version the alias names now.</summary>
    public string? Alias { get; init; }
}

/// <summary>Body of <c>PUT /api/v1/endpoints/{name}</c>: switch the served version.</summary>
public sealed record SetEndpointTargetRequest(string Model, int Version)
{
    /// <summary>An alias of <see cref="Model"/> to resolve instead of <see cref="Version"/> (which must then be 0).</summary>
    public string? Alias { get; init; }
}
