using System.Collections.Concurrent;

namespace Modelplane.Serving.Routing;

// A name that resolved to nothing is remembered for a second, so a flood of requests for unknown names costs
// one store lookup per name per second rather than one per request. Every snapshot change forgets them all
// (a push or a new endpoint is served at once); the expiry covers changes made by another replica.
public sealed partial class ServingTable
{
    private const int MaxRememberedMisses = 10_000;
    private static readonly TimeSpan MissLifetime = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _misses = new(StringComparer.Ordinal);

    private bool IsRecentMiss(string name) =>
        _misses.TryGetValue(name, out var expires) && expires > time.GetUtcNow();

    private void RememberMiss(string name, long generation)
    {
        if (_snapshot.Generation != generation)
        {
            return; // the configuration changed while the store was read: the miss may already be stale
        }

        if (_misses.Count >= MaxRememberedMisses)
        {
            _misses.Clear();
        }

        _misses[name] = time.GetUtcNow() + MissLifetime;
    }
}
