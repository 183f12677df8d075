using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Modelplane.Server.Grpc.Protocol;
using Modelplane.Server.Hosting;
using Modelplane.Testing.Http;

namespace Modelplane.Server.Tests.Grpc;

/// <summary>The real Kestrel host: REST on <c>--urls</c> and gRPC on its own cleartext HTTP/2 port, over loopback.</summary>
public sealed class GrpcListenerTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("mp-grpc-listener-").FullName;

    [Fact]
    public async Task Build_GrpcUrl_ServesRestOnUrlsAndGrpcOnItsOwnHttp2Port()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = ModelplaneHost.Build(
            ["--urls=http://127.0.0.1:0", "--Modelplane:Grpc:Url=http://127.0.0.1:0", $"--Modelplane:DataDirectory={_data}", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync(ct);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToArray();

        Assert.Equal(2, addresses.Length);
        using var http = new HttpClient { BaseAddress = new Uri(addresses[0]) };
        using (var live = await http.GetAsync("/v2/health/live", ct))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(new Version(1, 1), live.Version);
        }
        using var channel = GrpcChannel.ForAddress(addresses[1], new GrpcChannelOptions { HttpHandler = new BearerTokenHandler(BearerTokenHandler.AdminToken(_data), new SocketsHttpHandler()) });
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        Assert.True((await client.ServerLiveAsync(new ServerLiveRequest(), cancellationToken: ct)).Live);
        await app.StopAsync(ct);
    }

    [Fact]
    public async Task Build_EmptyGrpcUrl_ListensOnlyOnUrls()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = ModelplaneHost.Build(
            ["--urls=http://127.0.0.1:0", "--Modelplane:Grpc:Url=", $"--Modelplane:DataDirectory={_data}", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync(ct);

        Assert.Single(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses);
        await app.StopAsync(ct);
    }

    [Fact]
    public void Build_GrpcUrlNotAnAddress_FailsNamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ModelplaneHost.Build(["--Modelplane:Grpc:Url=localhost:8081", $"--Modelplane:DataDirectory={_data}"]));

        Assert.Contains("Modelplane:Grpc:Url must be one http:// or https:// address", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }
}
