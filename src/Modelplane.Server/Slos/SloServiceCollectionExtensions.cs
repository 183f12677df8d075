using Microsoft.Extensions.DependencyInjection.Extensions;
using Modelplane.Server.Slos;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SLOs and alerting: the application's shared parts, and each workspace's own.</summary>
internal static class SloServiceCollectionExtensions
{
    /// <summary>The parts every workspace shares: the counts of all workspaces (hit by the inference telemetry) and webhook delivery.</summary>
    public static IServiceCollection AddSloSharedServices(this IServiceCollection services)
    {
        services.AddOptions<SloOptions>().BindConfiguration(SloOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SloRecorders>();
        services.TryAddSingleton<AlertDelivery>();
        return services;
    }

    /// <summary>A workspace's own parts: flushing its counts, evaluating its objectives and notifying its receivers.</summary>
    public static IServiceCollection AddWorkspaceSlos(this IServiceCollection services)
    {
        services.AddOptions<SloOptions>().BindConfiguration(SloOptions.Section).ValidateDataAnnotations();
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateDataAnnotations();
        services.TryAddSingleton<SloFlusher>();
        services.AddHostedService(sp => sp.GetRequiredService<SloFlusher>());
        services.TryAddSingleton<SloCalculator>();
        services.TryAddSingleton<AlertLinks>();
        services.TryAddSingleton<AlertNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertNotifier>());
        services.TryAddSingleton<SloEvaluator>();
        services.AddHostedService(sp => sp.GetRequiredService<SloEvaluator>());
        return services;
    }
}
