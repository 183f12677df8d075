using Microsoft.AspNetCore.Http;
using Modelplane.Serving.Telemetry;

namespace Modelplane.Serving.Routing;

/// <summary>What a name resolves to on the hot path: a loaded runner and its telemetry, or an endpoint's traffic split.</summary>
/// <param name="Name">The name the client called (endpoint or model).</param>
/// <param name="Endpoint">The endpoint name, or null when the client called a model directly.</param>
/// <param name="Runner">The loaded runner serving the request (with a split: its first, heaviest version).</param>
/// <param name="Telemetry">Pre-resolved instruments for this route.</param>
public sealed record ServingRoute(string Name, string? Endpoint, IModelRunner Runner, IRouteTelemetry Telemetry)
{
    // Built on first use and rebuilt when a `with` copy carries another runner: requests then share one instance.
    private RouteArm? _single;

    /// <summary>Where the single version's live profile is counted; null for a model called directly.</summary>
    public Monitoring.Windows.ProfileSlot? Profile { get; init; }

    /// <summary>The endpoint's split across versions, or null when one version serves every request.</summary>
    public TrafficSplit? Split { get; init; }

    /// <summary>The challenger that gets a copy of a share of requests after the caller is answered; null for none.</summary>
    public ShadowRoute? Shadow { get; init; }

    /// <summary>The cheap version asked before the split; null for none.</summary>
    public CascadeRoute? Cascade { get; init; }

    /// <summary>The version that answers when the chosen one fails or times out; null for none.</summary>
    public FallbackRoute? Fallback { get; init; }

    /// <summary>True when the route does more than run one chosen version (the handler's slower path).</summary>
    public bool HasPolicies => Shadow is not null || Cascade is not null || Fallback is not null;

    /// <summary>The version (with its telemetry) that serves this request.</summary>
    public RouteArm Choose(HttpRequest request) => Split is { } split ? split.Choose(request) : Single;

    private RouteArm Single
    {
        get
        {
            var single = _single;
            if (single is null || !ReferenceEquals(single.Runner, Runner) || !ReferenceEquals(single.Telemetry, Telemetry))
            {
                single = new RouteArm(Runner, Telemetry) { Profile = Profile };
                _single = single;
            }

            return single;
        }
    }

    /// <summary>Every runner the route can send a request to.</summary>
    public IEnumerable<IModelRunner> Runners
    {
        get
        {
            IEnumerable<IModelRunner> chosen = Split is { } split ? split.Arms.Select(a => a.Runner) : [Runner];
            IEnumerable<RouteArm?> policies = [Shadow?.Arm, Cascade?.Arm, Fallback?.Arm];
            return chosen.Concat(policies.OfType<RouteArm>().Select(a => a.Runner));
        }
    }

    /// <summary>True when any of the route's versions is <paramref name="model"/>'s and matches <paramref name="version"/>.</summary>
    public bool Serves(string model, Func<int, bool> version) => Runners.Any(r => r.Version.Model == model && version(r.Version.Version));

    /// <summary>The same route with <paramref name="old"/> replaced by <paramref name="fresh"/> wherever it serves.</summary>
    public ServingRoute Replace(IModelRunner old, IModelRunner fresh)
    {
        var route = ReferenceEquals(Runner, old) ? this with { Runner = fresh } : this;
        route = Split is { } split ? route with { Split = split.Replace(old, fresh) } : route;
        return route with
        {
            Shadow = Shadow is { } shadow && ReferenceEquals(shadow.Arm.Runner, old) ? shadow with { Arm = shadow.Arm with { Runner = fresh } } : Shadow,
            Cascade = Cascade is { } cascade && ReferenceEquals(cascade.Arm.Runner, old) ? cascade with { Arm = cascade.Arm with { Runner = fresh } } : Cascade,
            Fallback = Fallback is { } fallback && ReferenceEquals(fallback.Arm.Runner, old) ? fallback with { Arm = fallback.Arm with { Runner = fresh } } : Fallback,
        };
    }
}
