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
    /// client sends it.
    /// </remarks>
    public async Task<(int Status, string Body)> SendRawAsync(string method, string target, byte[] body, bool chunked = false)
    {
        var address = ClientOptions.BaseAddress;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
        await using var stream = tcp.GetStream();
        var framing = chunked ? "Transfer-Encoding: chunked" : $"Content-Length: {body.Length}";
        var head = $"{method} {target} HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {AdminToken}\r\n{framing}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), TestContext.Current.CancellationToken);
        if (chunked)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{body.Length:x}\r\n"), TestContext.Current.CancellationToken);
        }

        await stream.WriteAsync(body, TestContext.Current.CancellationToken);
        if (chunked)
        {
            await stream.WriteAsync("\r\n0\r\n\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
        var status = int.Parse(response.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var payload = split < 0 ? "" : response[(split + 4)..];
        return (status, response[..Math.Max(split, 0)].Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase) ? Dechunk(payload) : payload);
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        for (var at = 0; ;)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = int.Parse(chunked.AsSpan(at, lineEnd - at), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}

/// <summary>A real socket and a 4096-byte upload limit.</summary>
public sealed class SmallLimitsKestrelAppFactory() : KestrelAppFactory(new() { ["Modelplane:MaxUploadBytes"] = "4096" });
