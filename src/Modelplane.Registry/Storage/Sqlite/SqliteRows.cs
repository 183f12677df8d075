using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Storage.Sqlite;

// Row shapes as Dapper reads them (columns are aliased to these property names); mapped by hand to the domain.
internal sealed class ModelSummaryRow
{
    public string Name { get; set; } = "";
    public long LatestVersion { get; set; }
    public long VersionCount { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    public ModelSummary ToModelSummary() => new(
        Name,
        checked((int)LatestVersion),
        checked((int)VersionCount),
        DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
        DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt));
}

internal sealed class EndpointRow
{
    public const string Columns =
        "name AS Name, model AS Model, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt, state AS State, anonymous_predictions AS AnonymousPredictions, sticky_header AS StickyHeader, rate_limit AS RateLimit, caller_rate_limit AS CallerRateLimit";

    public string Name { get; set; } = "";
    public string Model { get; set; } = "";
    public long Version { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    public string State { get; set; } = "live";

    public long AnonymousPredictions { get; set; }

    public string? StickyHeader { get; set; }

    public long? RateLimit { get; set; }

    public long? CallerRateLimit { get; set; }

    public Endpoint ToEndpoint() => new(
        Name,
        Model,
        checked((int)Version),
        DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
        DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
        State == "sandbox" ? EndpointState.Sandbox : EndpointState.Live,
        AnonymousPredictions != 0)
    {
        StickyHeader = StickyHeader,
        RateLimit = (int?)RateLimit,
        CallerRateLimit = (int?)CallerRateLimit,
    };
}
