using System.Net;
using System.Net.Sockets;

namespace Modelplane.Cli.Tests.Fakes;

/// <summary>A loopback URL where nothing listens: a port the OS just handed out and that was closed again.</summary>
internal static class ClosedPort
{
    public static Uri Url()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
