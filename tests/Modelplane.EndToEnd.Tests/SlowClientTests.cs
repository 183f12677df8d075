using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Modelplane.EndToEnd.Tests;

/// <summary>
/// RELIABILITY.md T06 at a modest scale: slowloris headers, 1 byte/s bodies and a body of 100,000 one-byte chunks
/// hit the real server while legitimate inference keeps being answered; the server closes the attack connections.
/// </summary>
public sealed class SlowClientTests
{
    private const int Slowloris = 50;
    private const int SlowBodies = 20;
    private const int TinyChunks = 100_000;
    private static readonly TimeSpan Attack = TimeSpan.FromSeconds(14);
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(25);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SlowAndFragmentedClients_AreClosedWhileLegitimateInferenceSucceeds()
    {
        await using var server = await ModelplaneProcess.StartAsync();
        await server.CliAsync("models", "push", "bc", Samples.BreastCancerOnnx);
        var body = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "breast-cancer-1row.json"), Ct);
        using var http = server.CreateHttpClient(TimeSpan.FromSeconds(5));
        Assert.True(await InferAsync(http, body) is not null);

        var legitimate = LegitimateTrafficAsync(http, body);
        var slowloris = Enumerable.Range(0, Slowloris).Select(_ => SlowlorisAsync(server.BaseAddress, server.AdminToken)).ToList();
        var slowBodies = Enumerable.Range(0, SlowBodies).Select(_ => SlowBodyAsync(server.BaseAddress, server.AdminToken)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        var descriptors = Directory.GetFiles($"/proc/{server.ProcessId}/fd").Length;
        var chunked = await TinyChunksAsync(server.BaseAddress, server.AdminToken, body);

        var (ok, total, p99) = await legitimate;
        var headerClosed = await Task.WhenAll(slowloris);
        var bodyClosed = await Task.WhenAll(slowBodies);

        Assert.True(total >= 500 && ok >= total * 0.999, $"{ok} of {total} legitimate requests succeeded");
        Assert.True(p99 < TimeSpan.FromMilliseconds(500), $"legitimate p99 {p99.TotalMilliseconds:F1} ms");
        Assert.True(descriptors < 2000, $"{descriptors} open descriptors");
        Assert.Equal(200, chunked.Status);
        Assert.Contains("\"Probability.output\"", chunked.Body, StringComparison.Ordinal);
        // RequestHeadersTimeout is 10 s and MinRequestBodyDataRate allows a 5 s grace; Kestrel checks once a second.
        Assert.All(headerClosed, t => Assert.True(t < TimeSpan.FromSeconds(15), $"slowloris connection closed after {t}"));
        Assert.All(bodyClosed, t => Assert.True(t < TimeSpan.FromSeconds(12), $"slow body connection closed after {t}"));
    }

    private static async Task<string?> InferAsync(HttpClient http, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/v2/models/bc/infer", content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return response.StatusCode == HttpStatusCode.OK && text.Contains("\"Probability.output\"", StringComparison.Ordinal) ? text : null;
    }

    /// <summary>About 100 requests a second for the length of the attack.</summary>
    private static async Task<(int Ok, int Total, TimeSpan P99)> LegitimateTrafficAsync(HttpClient http, string body)
    {
        var latencies = new List<TimeSpan>();
        var ok = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Attack)
        {
            var started = clock.Elapsed;
            try
            {
                ok += await InferAsync(http, body) is not null ? 1 : 0;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Counted as a failure below.
            }
            latencies.Add(clock.Elapsed - started);
            await Task.Delay(10, Ct);
        }
        latencies.Sort();
        return (ok, latencies.Count, latencies[(int)(latencies.Count * 0.99)]);
    }

    /// <summary>Sends a request line and then one header byte a second, never finishing the headers.</summary>
    private static Task<TimeSpan> SlowlorisAsync(Uri server, string token) => HoldAsync(
        server,
        $"POST /v2/models/bc/infer HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {token}\r\nX-Slow: ",
        (byte)'a');

    /// <summary>Sends complete headers and then a body at one byte a second.</summary>
    private static Task<TimeSpan> SlowBodyAsync(Uri server, string token) => HoldAsync(
        server,
        $"POST /v2/models/bc/infer HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n",
        (byte)' ');

    /// <returns>How long the server kept the connection open, or <see cref="GiveUp"/> when it never closed it.</returns>
    private static async Task<TimeSpan> HoldAsync(Uri server, string head, byte drip)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, Ct);
        var stream = tcp.GetStream();
        var clock = Stopwatch.StartNew();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var reader = DrainUntilClosedAsync(stream, stop.Token);
        try
        {
            while (!reader.IsCompleted && clock.Elapsed < GiveUp)
            {
                await stream.WriteAsync(new[] { drip }, stop.Token);
                await Task.WhenAny(reader, Task.Delay(1000, Ct));
            }
        }
        catch (IOException)
        {
            // The server closed the connection under the write.
        }
        if (!reader.IsCompleted)
        {
            await stop.CancelAsync();
            return GiveUp;
        }
        return await reader;
    }

    private static async Task<TimeSpan> DrainUntilClosedAsync(NetworkStream stream, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var buffer = new byte[1024];
        try
        {
            while (await stream.ReadAsync(buffer, ct) > 0)
            {
            }
        }
        catch (IOException)
        {
            // A reset is a close too.
        }
        return clock.Elapsed;
    }

    /// <summary>Sends a valid request body as <see cref="TinyChunks"/> one-byte chunks (padded with JSON whitespace).</summary>
    private static async Task<(int Status, string Body)> TinyChunksAsync(Uri server, string token, string json)
    {
        var padded = json + new string(' ', TinyChunks - json.Length);
        var wire = new StringBuilder($"POST /v2/models/bc/infer HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        foreach (var c in padded)
        {
            wire.Append("1\r\n").Append(c).Append("\r\n");
        }
        wire.Append("0\r\n\r\n");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, Ct);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(wire.ToString()), Ct);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var response = await reader.ReadToEndAsync(Ct);
        return (int.Parse(response.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture), response);
    }
}
