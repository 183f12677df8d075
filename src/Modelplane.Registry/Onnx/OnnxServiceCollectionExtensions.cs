using Microsoft.Extensions.DependencyInjection.Extensions;
using Modelplane.Registry.Formats;
using Modelplane.Registry.Onnx;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ONNX artifact inspector.</summary>
public static class OnnxServiceCollectionExtensions
{
    /// <summary>
    /// Adds the ONNX <see cref="IModelFormat"/> and, unless one is already registered, the <see cref="IModelInspector"/>
    /// that detects formats from the bytes (<see cref="ModelFormatDetector"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddOnnxModelInspection(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelFormat, OnnxModelInspector>());
        services.TryAddSingleton<IModelInspector, ModelFormatDetector>();
        return services;
    }
}
