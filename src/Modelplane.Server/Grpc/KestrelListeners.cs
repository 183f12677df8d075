using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Modelplane.Server.Grpc;

/// <summary>Binds the REST addresses and one HTTP/2-only address side by side.</summary>
/// <remarks>
/// Kestrel serves either the configured URLs (<c>--urls</c>) or listeners set up in code, never both, so once the gRPC
/// listener is added in code the REST URLs must be bound in code too; they are parsed as Kestrel itself parses them
/// (localhost, an IP address, or any other host meaning every interface; https uses the default certificate).
/// </remarks>
internal static class KestrelListeners
{
    public static void AddHttp2Listener(WebApplicationBuilder builder, string http2Url)
    {
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "";
        // Clearing the setting keeps Kestrel from warning that code-defined listeners override it.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Listen(kestrel, url, HttpProtocols.Http1AndHttp2);
            }
            Listen(kestrel, http2Url, HttpProtocols.Http2);
        });
    }

    private static void Listen(KestrelServerOptions kestrel, string url, HttpProtocols protocols)
    {
        var address = BindingAddress.Parse(url);
        var https = string.Equals(address.Scheme, "https", StringComparison.OrdinalIgnoreCase);
        void Configure(ListenOptions listen)
        {
            listen.Protocols = protocols;
            if (https)
            {
                listen.UseHttps();
            }
        }

        var host = address.Host.Trim('[', ']');
        if (address.IsUnixPipe)
        {
            kestrel.ListenUnixSocket(address.UnixPipePath, Configure);
        }
        else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port, Configure);
        }
        else if (IPAddress.TryParse(host, out var ip))
        {
            kestrel.Listen(ip, address.Port, Configure);
        }
        else
        {
            kestrel.ListenAnyIP(address.Port, Configure);
        }
    }
}
