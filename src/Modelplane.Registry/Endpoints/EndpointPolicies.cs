namespace Modelplane.Registry.Endpoints;

/// <summary>A challenger that gets a copy of a share of the endpoint's requests after the caller is answered; only compared, never returned.</summary>
public sealed record ShadowPolicy(string Model, int Version, int Percent);

/// <summary>A cheap version that answers when its top-class probability is at or above the threshold; below it, the endpoint's split answers.</summary>
public sealed record CascadePolicy(string Model, int Version, double Threshold);

/// <summary>The safe version that answers when the version chosen for a request fails or times out.</summary>
public sealed record FallbackPolicy(string Model, int Version);

/// <summary>What an endpoint does beside its split; each part is off when null.</summary>
public sealed record EndpointPolicies(ShadowPolicy? Shadow = null, CascadePolicy? Cascade = null, FallbackPolicy? Fallback = null)
{
    /// <summary>No shadow, cascade or fallback.</summary>
    public static readonly EndpointPolicies None = new();

    /// <summary>True when no part is set.</summary>
    public bool IsEmpty => Shadow is null && Cascade is null && Fallback is null;

    /// <summary>Every version the policies send requests to, with the part that does.</summary>
    public IEnumerable<(string Kind, string Model, int Version)> Versions()
    {
        if (Shadow is { } shadow)
        {
            yield return ("shadow", shadow.Model, shadow.Version);
        }

        if (Cascade is { } cascade)
        {
            yield return ("cascade", cascade.Model, cascade.Version);
        }

        if (Fallback is { } fallback)
        {
            yield return ("fallback", fallback.Model, fallback.Version);
        }
    }

    /// <summary>Null when the policies are valid, else why not.</summary>
    public string? Problem() =>
        Shadow is { Percent: < 1 or > 100 } shadow
            ? $"The shadow share of {shadow.Model}@{shadow.Version} is {shadow.Percent}%; it is a whole percent from 1 to 100."
        : Cascade is { } cascade && !(cascade.Threshold > 0 && cascade.Threshold <= 1)
            ? $"The cascade threshold of {cascade.Model}@{cascade.Version} is {cascade.Threshold}; it is a probability above 0 and at most 1."
        : null;
}
