// Closed-loop load: C connections each send the body, wait for the answer, and send again, for D seconds after a
// warm-up. Unlike wrk it keeps latency per status code, so an overload run shows how fast 429/503 refusals came back
// and what accepted requests paid; it also samples the server's RSS from /proc while the load runs. A connection
// refused with 429/503 and Retry-After waits that long (times a random 0.5-1.5, so refused clients do not return in
// step) before it sends again, as a well-behaved client does; RETRY_AFTER=ignore sends again at once instead.
//
//   Modelplane.Bench.Load URL BODY_FILE CONNECTIONS SECONDS [WARMUP_SECONDS] [SERVER_PID]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

if (args.Length < 4)
{
    Console.Error.WriteLine("usage: Modelplane.Bench.Load URL BODY_FILE CONNECTIONS SECONDS [WARMUP_SECONDS] [SERVER_PID]");
    return 2;
}

var url = new Uri(args[0]);
var body = File.ReadAllBytes(args[1]);
var connections = int.Parse(args[2], CultureInfo.InvariantCulture);
var seconds = double.Parse(args[3], CultureInfo.InvariantCulture);
var warmup = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 3;
var pid = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 0;

using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
if (Environment.GetEnvironmentVariable("TOKEN") is { Length: > 0 } token)
{
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
}

var honourRetryAfter = !string.Equals(Environment.GetEnvironmentVariable("RETRY_AFTER"), "ignore", StringComparison.OrdinalIgnoreCase);
var latencies = new ConcurrentDictionary<int, ConcurrentBag<double>>();
var errors = 0;
var recording = false;
var rss = new List<long>();

async Task Worker(CancellationToken stop)
{
    while (!stop.IsCancellationRequested)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.PostAsync(url, content, CancellationToken.None).ConfigureAwait(false);
            await response.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
            if (Volatile.Read(ref recording))
            {
                latencies.GetOrAdd((int)response.StatusCode, _ => []).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            if (honourRetryAfter && response.Headers.RetryAfter?.Delta is { } wait && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait * (0.5 + Random.Shared.NextDouble()), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref errors);
        }
    }
}

using var stop = new CancellationTokenSource();
var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(() => Worker(stop.Token))).ToArray();
await Task.Delay(TimeSpan.FromSeconds(warmup));
Volatile.Write(ref recording, true);
var clock = Stopwatch.StartNew();
while (clock.Elapsed.TotalSeconds < seconds)
{
    await Task.Delay(250);
    if (pid > 0)
    {
        rss.Add(ReadRssKb(pid));
    }
}
Volatile.Write(ref recording, false);
var elapsed = clock.Elapsed.TotalSeconds;
await stop.CancelAsync();
await Task.WhenAll(workers);

Console.WriteLine($"connections {connections}, {elapsed:0.0} s, transport errors {errors}, Retry-After {(honourRetryAfter ? "honoured" : "ignored")}");
Console.WriteLine("status  count     req/s     p50 ms   p90 ms   p99 ms   max ms");
foreach (var (status, bag) in latencies.OrderBy(p => p.Key))
{
    var sorted = bag.ToArray();
    Array.Sort(sorted);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{status,6} {sorted.Length,7} {sorted.Length / elapsed,9:0} {Percentile(sorted, 0.5),9:0.00} {Percentile(sorted, 0.9),8:0.00} {Percentile(sorted, 0.99),8:0.00} {sorted[^1],8:0.00}"));
}
if (rss.Count > 0)
{
    Console.WriteLine($"server RSS MB: first {rss[0] / 1024.0:0.0}, max {rss.Max() / 1024.0:0.0}, last {rss[^1] / 1024.0:0.0}");
}
return 0;

static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

static long ReadRssKb(int pid)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
    }
    return 0;
}
