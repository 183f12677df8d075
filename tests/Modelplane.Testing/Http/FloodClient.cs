using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Modelplane.Testing.Http;

/// <summary>
/// Sends a huge request body over a raw socket while reading the response, as an attacker does: the time that
/// counts is until the server answers, whatever happens to the rest of the upload.
/// </summary>
public static class FloodClient
{
    private static readonly byte[] Chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("1,", 32 * 1024)));

    /// <returns>The status line's code, the response text after the headers, the time to the response, and the bytes the server let through.</returns>
    public static async Task<(int Status, string Body, TimeSpan Elapsed, long Sent)> PostAsync(Uri server, string token, string path, long length, bool chunked, CancellationToken ct)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, ct);
        var stream = tcp.GetStream();
        var framing = chunked ? "Transfer-Encoding: chunked" : $"Content-Length: {length}";
        var head = $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n{framing}\r\n\r\n";
        var watch = Stopwatch.StartNew();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        long sent = 0;
        var upload = Task.Run(
            async () =>
            {
                var prefix = Encoding.ASCII.GetBytes($"{Chunk.Length:x}\r\n");
                while (sent < length && !stop.IsCancellationRequested)
                {
                    if (chunked)
                    {
                        await stream.WriteAsync(prefix, stop.Token);
                    }
                    await stream.WriteAsync(Chunk, stop.Token);
                    if (chunked)
                    {
                        await stream.WriteAsync("\r\n"u8.ToArray(), stop.Token);
                    }
                    sent += Chunk.Length;
                }
            },
            ct);

        var response = new StringBuilder();
        var buffer = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            response.Append(Encoding.ASCII.GetString(buffer, 0, read));
            var text = response.ToString();
            var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (split > 0 && text.Length > split + 4 && text.TrimEnd().EndsWith('}'))
            {
                break;
            }
        }
        watch.Stop();
        await stop.CancelAsync();
        try
        {
            await upload;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
            // The server closed the connection on the rest of the upload, as it should.
        }

        var all = response.ToString();
        var status = int.Parse(all.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        return (status, all[(all.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..], watch.Elapsed, sent);
    }
}
