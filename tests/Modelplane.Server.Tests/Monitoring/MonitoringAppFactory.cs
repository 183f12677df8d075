using Microsoft.Extensions.DependencyInjection;
using Modelplane.Server.Monitoring;

namespace Modelplane.Server.Tests.Monitoring;

/// <summary>
/// The server with monitoring reconciling every 100 ms, quality evaluated only when a test asks, and webhook delivery
/// quick to give up; the data directory may be another factory's, to test a restart.
/// </summary>
public sealed class MonitoringAppFactory : ModelplaneAppFactory
{
    public MonitoringAppFactory()
        : base(new()
        {
            ["Modelplane:Monitoring:ReconcileInterval"] = "00:00:00.100",
            ["Modelplane:Monitoring:QualityInterval"] = "01:00:00",
            ["Modelplane:Alerts:Timeout"] = "00:00:00.500",
            ["Modelplane:Alerts:MaxRetries"] = "1",
            ["Modelplane:Alerts:RetryDelay"] = "00:00:00.050",
        })
    {
    }

    internal WindowAnalyzer Analyzer => Services.GetRequiredService<WindowAnalyzer>();

    internal QualityEvaluator Quality => Services.GetRequiredService<QualityEvaluator>();

    internal Modelplane.Server.Slos.AlertNotifier Notifier => Services.GetRequiredService<Modelplane.Server.Slos.AlertNotifier>();

    /// <summary>Waits until every closed window was analysed and every notification delivered.</summary>
    internal async Task SettledAsync()
    {
        for (var i = 0; i < 400 && !(Analyzer.Idle && Notifier.Idle); i++)
        {
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        Assert.True(Analyzer.Idle && Notifier.Idle, "windows or notifications still queued after 10 s");
    }
}
