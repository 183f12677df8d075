using Microsoft.Extensions.DependencyInjection.Extensions;
using Modelplane.Server.Monitoring.Profiles;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers reference profiling for a workspace.</summary>
internal static class ReferenceProfileServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ReferenceProfiles"/>, which uses the workspace's registry and serving table.</summary>
    public static IServiceCollection AddReferenceProfiles(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReferenceProfiles>();
        return services;
    }
}
