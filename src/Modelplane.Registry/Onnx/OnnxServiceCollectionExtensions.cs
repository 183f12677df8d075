using Microsoft.Extensions.DependencyInjection.Extensions;
using Modelplane.Registry.Onnx;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ONNX artifact inspector.</summary>
public static class OnnxServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IModelInspector"/> for ONNX artifacts, unless one is already registered.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddOnnxModelInspection(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IModelInspector, OnnxModelInspector>();
        return services;
    }
}
