using Microsoft.Extensions.DependencyInjection.Extensions;
using Modelplane.Server.Monitoring;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a workspace's drift and quality monitoring.</summary>
internal static class MonitoringServiceCollectionExtensions
{
    /// <summary>Matching live profiles with endpoints, analysing closed windows, alerts and retraining webhooks, quality.</summary>
    public static IServiceCollection AddWorkspaceMonitoring(this IServiceCollection services)
    {
        services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.Section).ValidateDataAnnotations();
        services.TryAddSingleton<RetrainingTriggers>();
        services.TryAddSingleton<MonitoringAlerts>();
        services.TryAddSingleton<WindowAnalyzer>();
        services.AddHostedService(sp => sp.GetRequiredService<WindowAnalyzer>());
        services.TryAddSingleton<MonitoringReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<MonitoringReconciler>());
        services.TryAddSingleton<QualityEvaluator>();
        services.AddHostedService(sp => sp.GetRequiredService<QualityEvaluator>());
        return services;
    }
}
