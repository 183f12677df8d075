namespace Modelplane.Client.Contracts;

/// <summary>An endpoint and the model version it serves.</summary>
public sealed record EndpointDto(string Name, string Model, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary><c>sandbox</c> (a developer's: token holders of the workspace only) or <c>live</c>.</summary>
    public string State { get; init; } = "live";

    /// <summary>True when callers without a token may call it (set explicitly by an admin; live endpoints only).</summary>
    public bool AnonymousPredictions { get; init; }

    /// <summary>The versions sharing the requests, heaviest first; empty when <see cref="Model"/>@<see cref="Version"/> takes them all.</summary>
    public IReadOnlyList<TrafficWeightDto> Traffic { get; init; } = [];

    /// <summary>The header whose value keeps a caller on one version of the split, or null.</summary>
    public string? StickyHeader { get; init; }

    /// <summary>
    /// Requests the split has routed to each version on the answering node since it took effect (a live figure, left
    /// out of equality); null when no split is in effect there.
    /// </summary>
    public IReadOnlyList<RoutedShareDto>? Routed { get; init; }

    /// <summary>Requests per second accepted in all, or null for no limit.</summary>
    public int? RateLimit { get; init; }

    /// <summary>Requests per second accepted from one caller (token, or address without one), or null for no limit.</summary>
    public int? CallerRateLimit { get; init; }

    /// <summary>Shadow, cascade and fallback; each null when off.</summary>
    public EndpointPoliciesDto Policies { get; init; } = new();

    /// <summary>What the policies did on the answering node (a live figure, left out of equality); null without policies in effect there.</summary>
    public PolicyStatsDto? PolicyStats { get; init; }

    /// <summary>What the endpoint keeps in the inference log; null when it logs nothing.</summary>
    public InferenceLoggingDto? Logging { get; init; }

    /// <summary>Value equality, the split compared weight by weight (a record would compare the list's reference).</summary>
    public bool Equals(EndpointDto? other) =>
        other is not null && Name == other.Name && Model == other.Model && Version == other.Version && CreatedAt == other.CreatedAt
        && UpdatedAt == other.UpdatedAt && State == other.State && AnonymousPredictions == other.AnonymousPredictions
        && StickyHeader == other.StickyHeader && RateLimit == other.RateLimit && CallerRateLimit == other.CallerRateLimit
        && Policies == other.Policies && Logging == other.Logging && Traffic.SequenceEqual(other.Traffic);

    public override int GetHashCode() => HashCode.Combine(Name, Model, Version, UpdatedAt, Traffic.Count);
}

/// <summary>Body of <c>PUT /api/v1/endpoints/{name}/rate-limits</c>: requests per second in all and per caller; null removes a limit.</summary>
public sealed record SetRateLimitsRequest(int? PerSecond, int? PerCallerPerSecond);

/// <summary>How many requests a split has sent to one version.</summary>
public sealed record RoutedShareDto(string Model, int Version, long Requests);

/// <summary>One version's share of an endpoint's requests, in whole percent.</summary>
public sealed record TrafficWeightDto(string Model, int Version, int Weight);

/// <summary>Body of <c>PUT /api/v1/endpoints/{name}/traffic</c>: two or more versions whose weights sum to 100.</summary>
public sealed record SetTrafficRequest(IReadOnlyList<TrafficWeightDto> Weights)
{
    /// <summary>A header (such as <c>X-User</c>) whose value keeps a caller on one version while the weights are unchanged.</summary>
    public string? StickyHeader { get; init; }
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
