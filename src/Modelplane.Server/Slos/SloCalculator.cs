using Modelplane.Registry.Slos;

namespace Modelplane.Server.Slos;

/// <summary>
/// Computes objectives' status from the stored minute counts, after flushing this node's, so what the API shows and
/// what alerting decides on are the same exact figures.
/// </summary>
/// <remarks>
/// A window of length w at minute M covers the minutes M - w + 1 to M, the current (partial) minute included.
/// </remarks>
internal sealed class SloCalculator(ISloStore store, SloFlusher flusher, TimeProvider time)
{
    /// <summary>The status of every objective of <paramref name="endpoint"/> (of every endpoint when null).</summary>
    public async Task<IReadOnlyList<SloStatus>> StatusAsync(string? endpoint, CancellationToken ct)
    {
        await flusher.FlushAsync(ct).ConfigureAwait(false);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds() / 60_000;
        var statuses = new List<SloStatus>();
        foreach (var objective in await store.ListAsync(endpoint, ct).ConfigureAwait(false))
        {
            var since = new List<long>(BurnRatePolicy.Windows.Count + 1) { Since(now, objective.Window) };
            since.AddRange(BurnRatePolicy.Windows.Select(w => Since(now, w)));
            var counts = await store.CountAsync(objective.Endpoint, objective.Objective, since, ct).ConfigureAwait(false);
            statuses.Add(new SloStatus(objective, counts[0], [.. counts.Skip(1)]));
        }

        return statuses;
    }

    private static long Since(long nowMinute, TimeSpan window) => nowMinute - (long)Math.Ceiling(window.TotalMinutes) + 1;
}
