using System.Diagnostics;

namespace Modelplane.Bench.Grpc;

/// <summary>What one measured run gave: throughput, latency percentiles and failed calls.</summary>
internal sealed record LoadResult(string Target, long Requests, long Errors, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public override string ToString() =>
        $"{Target,-28} {RequestsPerSecond,10:N0} req/s   p50 {P50Ms,7:F3} ms   p99 {P99Ms,7:F3} ms   errors {Errors}";
}

/// <summary>Drives <c>clients</c> closed-loop callers (each waits for its answer before the next call) for a fixed time.</summary>
internal static class LoadRun
{
    /// <param name="target">The label printed for this run.</param>
    /// <param name="clients">Concurrent callers.</param>
    /// <param name="duration">How long to measure.</param>
    /// <param name="callFor">The call of caller <c>i</c>; returns false for a wrong answer, which counts as an error.</param>
    public static async Task<LoadResult> RunAsync(string target, int clients, TimeSpan duration, Func<int, Func<Task<bool>>> callFor)
    {
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, clients).Select(i => Task.Run(() => CallerAsync(callFor(i), end))).ToArray();
        var results = await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var latencies = results.SelectMany(r => r.Latencies).ToArray();
        Array.Sort(latencies);
        return new LoadResult(target, latencies.Length, results.Sum(r => r.Errors), elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static async Task<(List<long> Latencies, long Errors)> CallerAsync(Func<Task<bool>> call, long end)
    {
        var latencies = new List<long>(1 << 16);
        long errors = 0;
        while (Stopwatch.GetTimestamp() < end)
        {
            var before = Stopwatch.GetTimestamp();
            bool ok;
            try
            {
                ok = await call();
            }
            catch (Exception ex) when (ex is HttpRequestException or global::Grpc.Core.RpcException or TaskCanceledException)
            {
                ok = false;
            }
            if (ok)
            {
                latencies.Add(Stopwatch.GetTimestamp() - before);
            }
            else
            {
                errors++;
            }
        }
        return (latencies, errors);
    }

    private static double Percentile(long[] sorted, double fraction) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(fraction * sorted.Length))] * 1000.0 / Stopwatch.Frequency;
}
