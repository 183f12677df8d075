namespace Modelplane.Registry.Endpoints;

/// <summary>One version's share of an endpoint's requests, in percent.</summary>
public sealed record TrafficWeight(string Model, int Version, int Weight);

/// <summary>The rules a traffic split must follow; the store and the API both apply them.</summary>
public static class TrafficRules
{
    /// <summary>The longest header name accepted for stickiness.</summary>
    public const int MaxHeaderLength = 64;

    /// <summary>Null when <paramref name="weights"/> form a valid split, else why not.</summary>
    public static string? Problem(IReadOnlyList<TrafficWeight> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count < 2)
        {
            return "A traffic split needs at least two versions; to serve one version, point the endpoint at it (PUT /api/v1/endpoints/{name}).";
        }

        if (weights.FirstOrDefault(w => w.Weight is < 1 or > 100) is { } bad)
        {
            return $"The weight of {bad.Model}@{bad.Version} is {bad.Weight}; each weight is a whole percent from 1 to 100.";
        }

        if (weights.GroupBy(w => (w.Model, w.Version)).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return $"{twice.Key.Model}@{twice.Key.Version} appears more than once in the split.";
        }

        var sum = weights.Sum(w => w.Weight);
        return sum == 100 ? null : $"The weights sum to {sum}; they must sum to 100.";
    }

    /// <summary>Null when <paramref name="header"/> is a usable header name (or null, meaning not sticky), else why not.</summary>
    public static string? HeaderProblem(string? header) =>
        header is null ? null
        : header.Length is 0 or > MaxHeaderLength || !header.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? $"sticky_header must be 1-{MaxHeaderLength} letters, digits or '-' (a header name such as X-User)."
            : null;
}
