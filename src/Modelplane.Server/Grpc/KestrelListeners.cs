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
        // The host hands the URL setting to Kestrel as addresses unless it is empty (then it falls back to the
        // command line's), and Kestrel warns that code-defined listeners override them: ";" lists no address at all.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, ";");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Listen(kestrel, url, protocols: null);
            }
            Listen(kestrel, http2Url, HttpProtocols.Http2);
        });
    }

    /// <param name="protocols">The protocols to serve; null keeps Kestrel's default (HTTP/1.1 without TLS) without a warning.</param>
    private static void Listen(KestrelServerOptions kestrel, string url, HttpProtocols? protocols)
    {
        var address = BindingAddress.Parse(url);
        var https = string.Equals(address.Scheme, "https", StringComparison.OrdinalIgnoreCase);
        void Configure(ListenOptions listen)
        {
            if (protocols is { } set)
            {
                listen.Protocols = set;
            }
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
