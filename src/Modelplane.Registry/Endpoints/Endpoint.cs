namespace Modelplane.Registry.Endpoints;

/// <summary>A stable name that serves one model version; later issues turn the target into a traffic policy.</summary>
/// <param name="Name">The endpoint name clients call.</param>
/// <param name="Model">The served model.</param>
/// <param name="Version">The served version of <paramref name="Model"/>.</param>
/// <param name="CreatedAt">When the endpoint was created.</param>
/// <param name="UpdatedAt">When the endpoint last changed.</param>
/// <param name="State">A developer's sandbox or live.</param>
/// <param name="AnonymousPredictions">True when callers without a token may call it (live endpoints only, by an explicit setting).</param>
public sealed record Endpoint(
    string Name, string Model, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    EndpointState State = EndpointState.Live, bool AnonymousPredictions = false)
{
    /// <summary>The versions sharing the requests and their weights; empty when <see cref="Model"/>@<see cref="Version"/> (the stable version) takes them all.</summary>
    public IReadOnlyList<TrafficWeight> Traffic { get; init; } = [];

    /// <summary>The versions the split names with their weights, or the stable version at 100 when there is no split.</summary>
    public IReadOnlyList<TrafficWeight> Weights => Traffic.Count > 0 ? Traffic : [new TrafficWeight(Model, Version, 100)];

    /// <summary>Every version that sees the endpoint's requests: the split's (with a weight above 0), then the shadow, cascade and fallback.</summary>
    public IEnumerable<(string Model, int Version)> ServedVersions() =>
        Weights.Where(w => w.Weight > 0).Select(w => (w.Model, w.Version)).Concat(Policies.Versions().Select(p => (p.Model, p.Version))).Distinct();

    /// <summary>The request header whose value keeps a caller on one version of the split; null for weighted random.</summary>
    public string? StickyHeader { get; init; }

    /// <summary>Requests per second the endpoint accepts in all; null for no limit.</summary>
    public int? RateLimit { get; init; }

    /// <summary>Requests per second the endpoint accepts from one caller (token, or address without one); null for no limit.</summary>
    public int? CallerRateLimit { get; init; }

    /// <summary>Shadow, cascade and fallback: what the endpoint does beside its split.</summary>
    public EndpointPolicies Policies { get; init; } = EndpointPolicies.None;

    /// <summary>What the endpoint keeps of its predictions in the inference log; null: nothing.</summary>
    public InferenceLogging? Logging { get; init; }

    /// <summary>Value equality, the split compared weight by weight (a record would compare the list's reference).</summary>
    public bool Equals(Endpoint? other) =>
        other is not null && Name == other.Name && Model == other.Model && Version == other.Version && CreatedAt == other.CreatedAt
        && UpdatedAt == other.UpdatedAt && State == other.State && AnonymousPredictions == other.AnonymousPredictions
        && StickyHeader == other.StickyHeader && RateLimit == other.RateLimit && CallerRateLimit == other.CallerRateLimit
        && Policies == other.Policies && Logging == other.Logging && Traffic.SequenceEqual(other.Traffic);

    public override int GetHashCode() => HashCode.Combine(Name, Model, Version, UpdatedAt, Traffic.Count);
}
