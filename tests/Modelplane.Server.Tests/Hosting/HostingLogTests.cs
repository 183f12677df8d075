using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Modelplane.Server.Hosting;

namespace Modelplane.Server.Tests.Hosting;

/// <summary>
/// ASP.NET Core's per-request hosting logger is off by default (on at any level, it opens a log scope and an Activity
/// for every request), and configuration can still turn it on.
/// </summary>
public sealed class HostingLogTests : IDisposable
{
    private const string HostingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";
    private readonly string _data = Directory.CreateTempSubdirectory("mp-hosting-log-").FullName;

    [Fact]
    public async Task Build_Default_HostingLoggerOffAndOursOn()
    {
        await using var app = ModelplaneHost.Build(["--urls=http://127.0.0.1:0", $"--Modelplane:DataDirectory={_data}"]);
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(loggers.CreateLogger(HostingCategory).IsEnabled(LogLevel.Critical));
        Assert.True(loggers.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger(typeof(ErrorResponses).FullName!).IsEnabled(LogLevel.Error));
    }

    [Fact]
    public async Task Build_HostingLevelConfigured_HostingLoggerOn()
    {
        await using var app = ModelplaneHost.Build(
            ["--urls=http://127.0.0.1:0", $"--Modelplane:DataDirectory={_data}", $"--Logging:LogLevel:{HostingCategory}=Information"]);

        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(HostingCategory).IsEnabled(LogLevel.Information));
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
