using Microsoft.AspNetCore.Http;
using Modelplane.Serving.Telemetry;

namespace Modelplane.Serving.Routing;

/// <summary>One version of a split with its telemetry and its version label (<c>model@version</c>), resolved once.</summary>
public sealed record RouteArm(IModelRunner Runner, IRouteTelemetry Telemetry)
{
    private long _routed;
    private Monitoring.Windows.ObserverPair? _both;

    /// <summary>The <c>X-Modelplane-Version</c> value, built once so a response does not allocate it.</summary>
    public string Label { get; } = $"{Runner.Version.Model}@{Runner.Version.Version}";

    /// <summary>The live window a rollout's analysis reads (requests, errors, latencies, predictions); null when no rollout watches this version.</summary>
    public Analysis.VersionWindow? Window { get; init; }

    /// <summary>Where this version's live profile is counted (drift and estimated quality); null when the route has no endpoint.</summary>
    public Monitoring.Windows.ProfileSlot? Profile { get; init; }

    /// <summary>What reads this version's answers: the rollout window, the live profile, both, or nothing.</summary>
    public Protocol.IInferenceObserver? Observer => Window is null ? Profile : Profile is null ? Window : _both ??= new(Window, Profile);

    /// <summary>Requests a split has sent to this version since the split took effect on this node.</summary>
    public long Routed => Volatile.Read(ref _routed);

    internal RouteArm CountRouted()
    {
        Interlocked.Increment(ref _routed);
        return this;
    }
}

/// <summary>
/// An endpoint's requests shared across versions by weight. Each request draws a point in [0, 10000): at random, or
/// from a hash of the sticky header's value, so one key keeps reaching one version while the weights are unchanged.
/// </summary>
public sealed class TrafficSplit
{
    private const int Points = 10_000;
    private readonly RouteArm[] _arms;
    private readonly int[] _upperBounds;

    /// <param name="arms">The versions with their weights in percent (summing to 100).</param>
    /// <param name="stickyHeader">The header that keys stickiness, or null for weighted random.</param>
    public TrafficSplit(IReadOnlyList<(RouteArm Arm, int Weight)> arms, string? stickyHeader)
    {
        ArgumentNullException.ThrowIfNull(arms);
        _arms = [.. arms.Select(a => a.Arm)];
        _upperBounds = new int[arms.Count];
        var total = arms.Sum(a => a.Weight);
        var cumulative = 0;
        for (var i = 0; i < arms.Count; i++)
        {
            cumulative += arms[i].Weight;
            _upperBounds[i] = (int)((long)cumulative * Points / total);
        }

        StickyHeader = stickyHeader;
    }

    public string? StickyHeader { get; }

    public IReadOnlyList<RouteArm> Arms => _arms;

    /// <summary>The arm for this request.</summary>
    public RouteArm Choose(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        int point;
        if (StickyHeader is not null && request.Headers.TryGetValue(StickyHeader, out var key) && key.Count > 0 && key[0] is { Length: > 0 } value)
        {
            point = (int)(StableHash(value) % Points);
        }
        else
        {
            point = Random.Shared.Next(Points);
        }

        for (var i = 0; i < _upperBounds.Length - 1; i++)
        {
            if (point < _upperBounds[i])
            {
                return _arms[i].CountRouted();
            }
        }

        return _arms[^1].CountRouted();
    }

    /// <summary>The same split with <paramref name="old"/>'s arm served by <paramref name="fresh"/> (its execution settings changed).</summary>
    public TrafficSplit Replace(IModelRunner old, IModelRunner fresh)
    {
        var arms = new List<(RouteArm, int)>(_arms.Length);
        var previous = 0;
        for (var i = 0; i < _arms.Length; i++)
        {
            var arm = ReferenceEquals(_arms[i].Runner, old) ? _arms[i] with { Runner = fresh } : _arms[i];
            arms.Add((arm, _upperBounds[i] - previous));
            previous = _upperBounds[i];
        }

        return new TrafficSplit(arms, StickyHeader);
    }

    // FNV-1a over the UTF-16 code units: the same key maps to the same point in every process and after a restart.
    private static uint StableHash(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        // Mix the high bits down so consecutive keys spread across the range.
        hash ^= hash >> 15;
        hash *= 0x2c1b3c6du;
        hash ^= hash >> 12;
        return hash;
    }
}
