namespace Modelplane.Client.Contracts;

/// <summary>An endpoint and the model version it serves.</summary>
public sealed record EndpointDto(string Name, string Model, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Body of <c>POST /api/v1/endpoints</c>.</summary>
public sealed record CreateEndpointRequest(string Name, string Model, int Version);

/// <summary>Body of <c>PUT /api/v1/endpoints/{name}</c>: switch the served version.</summary>
public sealed record SetEndpointTargetRequest(string Model, int Version);
