using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Modelplane.Server.Slos;

namespace Modelplane.Server.Tests.Slos;

/// <summary>
/// The server on a fake clock, with background flushing and evaluation too slow to interfere (tests flush and
/// evaluate explicitly) and webhook delivery fast to give up: 300 ms per attempt, two retries 50 ms apart.
/// </summary>
public sealed class SloAppFactory : ModelplaneAppFactory
{
    public SloAppFactory()
        : this(null)
    {
    }

    /// <summary>A server over <paramref name="dataDirectory"/> (another factory's, to test a restart) or its own.</summary>
    internal SloAppFactory(string? dataDirectory)
        : base(Settings(dataDirectory))
    {
        SharedDirectory = dataDirectory;
    }

    /// <summary>Starts in the middle of a minute so a test's requests all land in one.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2031, 3, 4, 10, 20, 30, TimeSpan.Zero));

    public string? SharedDirectory { get; }

    internal SloEvaluator Evaluator => Services.GetRequiredService<SloEvaluator>();

    internal AlertNotifier Notifier => Services.GetRequiredService<AlertNotifier>();

    internal Modelplane.Registry.Slos.ISloStore Store => Services.GetRequiredService<Modelplane.Registry.Slos.ISloStore>();

    /// <summary>Waits until every queued notification was delivered or gave up.</summary>
    internal async Task DeliveredAsync()
    {
        for (var i = 0; i < 200 && !Notifier.Idle; i++)
        {
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        Assert.True(Notifier.Idle, "notifications still queued after 5 s");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time)));
    }

    private static Dictionary<string, string> Settings(string? dataDirectory)
    {
        var settings = new Dictionary<string, string>
        {
            ["Modelplane:Slos:FlushInterval"] = "00:01:00",
            ["Modelplane:Slos:EvaluationInterval"] = "00:10:00",
            ["Modelplane:Slos:RepeatInterval"] = "00:30:00",
            ["Modelplane:Alerts:Timeout"] = "00:00:00.300",
            ["Modelplane:Alerts:MaxRetries"] = "2",
            ["Modelplane:Alerts:RetryDelay"] = "00:00:00.050",
            ["Modelplane:Alerts:ExternalUrl"] = "http://modelplane.test:8080",
        };
        if (dataDirectory is not null)
        {
            settings["Modelplane:DataDirectory"] = dataDirectory;
        }

        return settings;
    }
}
