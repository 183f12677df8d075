using System.Net.Sockets;
using System.Text;

namespace Modelplane.Server.Tests.Mlflow;

/// <summary>The server on a real loopback socket, so Kestrel's own limits and URL normalisation apply.</summary>
public class KestrelAppFactory : ModelplaneAppFactory
{
    public KestrelAppFactory()
        : this([])
    {
    }

    protected KestrelAppFactory(Dictionary<string, string> settings)
        : base(settings)
    {
        UseKestrel(0);
        StartServer();
    }

    /// <summary>Sends one request with <paramref name="target"/> exactly as written (no client-side normalisation) and returns the status and body.</summary>
    /// <remarks>
    /// With <paramref name="chunked"/> the request body goes as one chunk without Content-Length, as a streaming
    /// client sends it; with <paramref name="json"/> it is declared application/json. <paramref name="host"/> replaces
    /// the Host header's value and <paramref name="headers"/> (CRLF-terminated lines) are added.
    /// </remarks>
    public async Task<(int Status, string Body)> SendRawAsync(
        string method, string target, byte[] body, bool chunked = false, bool json = false, string? host = null, string headers = "")
    {
        var address = ClientOptions.BaseAddress;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
        await using var stream = tcp.GetStream();
        var framing = chunked ? "Transfer-Encoding: chunked" : $"Content-Length: {body.Length}";
        var type = json ? "Content-Type: application/json\r\n" : "";
        var request = $"{method} {target} HTTP/1.1\r\nHost: {host ?? address.Authority}\r\nAuthorization: Bearer {AdminToken}\r\n{headers}{type}{framing}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), TestContext.Current.CancellationToken);
        if (chunked)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{body.Length:x}\r\n"), TestContext.Current.CancellationToken);
        }

        await stream.WriteAsync(body, TestContext.Current.CancellationToken);
        if (chunked)
        {
            await stream.WriteAsync("\r\n0\r\n\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        }

        // Chunk sizes count bytes, so the response is taken apart as bytes and only the body decoded as UTF-8.
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, TestContext.Current.CancellationToken);
        var bytes = received.ToArray();
        var split = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (bytes.Length < 12)
        {
            return (0, "");
        }

        var head = Encoding.ASCII.GetString(bytes, 0, Math.Max(split, 0));
        var status = int.Parse(head.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        var payload = split < 0 ? [] : bytes[(split + 4)..];
        return (status, Encoding.UTF8.GetString(head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase) ? Dechunk(payload) : payload));
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        using var body = new MemoryStream();
        for (var at = 0; ;)
        {
            var lineEnd = at + chunked.AsSpan(at).IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.ASCII.GetString(chunked, at, lineEnd - at), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return body.ToArray();
            }

            body.Write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}

/// <summary>A real socket and a 4096-byte upload limit.</summary>
public sealed class SmallLimitsKestrelAppFactory() : KestrelAppFactory(new() { ["Modelplane:MaxUploadBytes"] = "4096" });
