using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Modelplane.Serving;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Memory;
using Modelplane.Serving.MlNet;
using Modelplane.Serving.Onnx;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the data plane.</summary>
public static class ServingServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ServingOptions"/> (bound to <see cref="ServingOptions.Section"/>) the ONNX and ML.NET <see cref="IModelRuntime"/>s and the <see cref="ModelRunnerFactory"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddModelServing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ServingOptions>()
            .BindConfiguration(ServingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelRuntime, OnnxModelRuntime>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelRuntime, MlNetModelRuntime>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ServingMemory>();
        services.TryAddSingleton(sp => new ModelRunnerFactory(
            sp.GetServices<IModelRuntime>(), ExecutionSettings.From(sp.GetRequiredService<IOptions<ServingOptions>>().Value)));
        return services;
    }
}
