using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;

namespace Modelplane.Serving.Routing;

// Shadow, cascade and fallback versions load before the route that uses them is published, like a split's versions.
public sealed partial class ServingTable
{
    /// <summary>The route of <paramref name="endpoint"/> in the snapshot (its policies and their counters); null when not in it.</summary>
    public ServingRoute? EndpointRoute(string endpoint) =>
        _snapshot.Routes.GetValueOrDefault(endpoint) is { Endpoint: not null } route ? route : null;

    /// <summary>The routes of every active endpoint in the snapshot (for gauges over their policies' counters).</summary>
    public IEnumerable<ServingRoute> EndpointRoutes() =>
        _snapshot.Routes.Values.Where(r => r.Endpoint is not null && string.Equals(r.Name, r.Endpoint, StringComparison.Ordinal));

    private async Task<ServingRoute> WithPoliciesAsync(ServingRoute route, Endpoint endpoint, bool fromRequest, CancellationToken ct)
    {
        var policies = endpoint.Policies;
        if (policies.IsEmpty)
        {
            return route;
        }

        return route with
        {
            Shadow = policies.Shadow is { } shadow
                ? new ShadowRoute(await PolicyArmAsync(endpoint, "shadows", shadow.Model, shadow.Version, fromRequest, ct).ConfigureAwait(false), shadow.Percent)
                : null,
            Cascade = policies.Cascade is { } cascade
                ? new CascadeRoute(await PolicyArmAsync(endpoint, "cascades to", cascade.Model, cascade.Version, fromRequest, ct).ConfigureAwait(false), cascade.Threshold)
                : null,
            Fallback = policies.Fallback is { } fallback
                ? new FallbackRoute(await PolicyArmAsync(endpoint, "falls back to", fallback.Model, fallback.Version, fromRequest, ct).ConfigureAwait(false))
                : null,
        };
    }

    private async Task<RouteArm> PolicyArmAsync(Endpoint endpoint, string role, string model, int number, bool fromRequest, CancellationToken ct)
    {
        var version = await models.GetVersionAsync(model, number, ct).ConfigureAwait(false)
            ?? throw new ModelLoadException($"Endpoint '{endpoint.Name}' {role} {model}@{number}, which does not exist.");
        var runner = await LoadAsync(version, fromRequest, ct).ConfigureAwait(false);
        // Shadows, cascades and fallbacks see live traffic too: their versions are watched for drift like the split's.
        return new RouteArm(runner, telemetry.ForRoute(endpoint.Name, version.Model, version.Version)) { Profile = profiles.Slot(endpoint.Name, version.Model, version.Version) };
    }
}
