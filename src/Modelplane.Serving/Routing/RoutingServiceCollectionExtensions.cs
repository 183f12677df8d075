using Microsoft.Extensions.DependencyInjection.Extensions;
using Modelplane.Serving.Routing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the routing table and the runtime cache.</summary>
public static class RoutingServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ServingTable"/> and <see cref="ModelRuntimeCache"/>; needs the registry, the serving runtime and an <c>IInferenceTelemetry</c>.</summary>
    public static IServiceCollection AddModelRouting(this IServiceCollection services)
    {
        services.TryAddSingleton<ModelRuntimeCache>();
        services.TryAddSingleton<ServingTable>();
        services.TryAddSingleton<EndpointRateLimits>();
        services.TryAddSingleton(new Modelplane.Serving.Analysis.VersionWindows());
        services.TryAddSingleton<Modelplane.Serving.Monitoring.Windows.LiveProfiles>();
        return services;
    }
}
