namespace Modelplane.Client.Contracts;

/// <summary>An endpoint and the model version it serves.</summary>
public sealed record EndpointDto(string Name, string Model, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary><c>sandbox</c> (a developer's: token holders of the workspace only) or <c>live</c>.</summary>
    public string State { get; init; } = "live";

    /// <summary>True when callers without a token may call it (set explicitly by an admin; live endpoints only).</summary>
    public bool AnonymousPredictions { get; init; }
}

/// <summary>Body of <c>POST /api/v1/endpoints</c>; <c>version</c> 0 with no alias means the latest version.</summary>
public sealed record CreateEndpointRequest(string Name, string Model, int Version)
{
    /// <summary>An alias of <see cref="Model"/> to resolve instead of <see cref="Version"/> (which must then be 0); the endpoint is pinned to the version the alias names now.</summary>
    public string? Alias { get; init; }

    /// <summary><c>sandbox</c> or <c>live</c>; by default live for a deployer or admin and sandbox for a developer (who may create only sandboxes).</summary>
    public string? State { get; init; }
}

/// <summary>Body of <c>PUT /api/v1/endpoints/{name}/state</c>: make a sandbox endpoint live, or take it back to the sandbox.</summary>
public sealed record SetEndpointStateRequest(string State);

/// <summary>Body of <c>PUT /api/v1/endpoints/{name}/anonymous-predictions</c>: whether callers without a token may call the endpoint.</summary>
public sealed record SetAnonymousPredictionsRequest(bool Allowed);

/// <summary>Body of <c>PUT /api/v1/endpoints/{name}</c>: switch the served version.</summary>
public sealed record SetEndpointTargetRequest(string Model, int Version)
{
    /// <summary>An alias of <see cref="Model"/> to resolve instead of <see cref="Version"/> (which must then be 0).</summary>
    public string? Alias { get; init; }
}
