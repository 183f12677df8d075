using Microsoft.Extensions.DependencyInjection.Extensions;
using Modelplane.Serving;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the data plane.</summary>
public static class ServingServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ServingOptions"/> (bound to <see cref="ServingOptions.Section"/>) and the <see cref="ModelRunnerFactory"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddModelServing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ServingOptions>()
            .BindConfiguration(ServingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ModelRunnerFactory>();
        return services;
    }
}
