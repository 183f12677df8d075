using Microsoft.Extensions.DependencyInjection.Extensions;
using Modelplane.Registry.Formats;
using Modelplane.Registry.Formats.MlNet;
using Modelplane.Registry.Onnx;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ML.NET model format.</summary>
public static class MlNetServiceCollectionExtensions
{
    /// <summary>
    /// Adds the ML.NET <see cref="IModelFormat"/> and, unless one is already registered, the <see cref="IModelInspector"/>
    /// that detects formats from the bytes.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddMlNetModelInspection(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelFormat, MlNetModelFormat>());
        services.TryAddSingleton<IModelInspector, ModelFormatDetector>();
        return services;
    }
}
