using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Client;
using Modelplane.Server.Hosting;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Cli.Tests.Cli.Archive;

/// <summary>The real Modelplane server in this process on a free loopback port, with its own data directory.</summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly TempDirectory _data = new();
    private WebApplication? _app;

    public Uri Url { get; private set; } = null!;

    /// <summary>The admin token the server's first start wrote to its data directory.</summary>
    public string AdminToken => File.ReadAllText(System.IO.Path.Combine(_data.Path, "admin-token")).Trim();

    /// <summary>A client of this server that sends the admin token.</summary>
    public ModelplaneClient CreateClient()
    {
        var client = new ModelplaneClient(Url);
        client.UseToken(AdminToken);
        return client;
    }

    public static async Task<InProcessServer> StartAsync()
    {
        var server = new InProcessServer();
        server._app = ModelplaneHost.Build(["--urls=http://127.0.0.1:0", $"--Modelplane:DataDirectory={server._data.Path}", "--Logging:LogLevel:Default=Warning", "--Modelplane:Grpc:Url=",
            "--Modelplane:Serving:ShedQueueDelay=00:00:00"]);  // tests share this process's thread pool: no shedding
        await server._app.StartAsync(TestContext.Current.CancellationToken);
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _data.Dispose();
    }
}
