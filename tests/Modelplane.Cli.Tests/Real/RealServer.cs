using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Server.Hosting;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Cli.Tests.Real;

/// <summary>The real Modelplane server on a free loopback port with its own data directory, for CLI tests end to end.</summary>
public sealed class RealServer : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private WebApplication? _app;

    /// <summary>The server's root URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; private set; } = "";

    public string DataDirectory => _data.Path;

    /// <summary>The admin token the server's first start wrote to its data directory.</summary>
    public string AdminToken => File.ReadAllText(System.IO.Path.Combine(_data.Path, "admin-token")).Trim();

    public async ValueTask InitializeAsync()
    {
        // No collection grace period, so a purge's blob deletion can be observed at once; no gRPC listener, so servers
        // in one process do not compete for its port; no overload shedding, since the tests of this process share its
        // thread pool and a queue standing for 100 ms would refuse their predictions.
        _app = ModelplaneHost.Build(
            ["--urls=http://127.0.0.1:0", $"--Modelplane:DataDirectory={_data.Path}", "--Modelplane:ArtifactCollection:GracePeriod=00:00:00", "--Modelplane:Grpc:Url=",
             "--Modelplane:Serving:ShedQueueDelay=00:00:00"]);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
