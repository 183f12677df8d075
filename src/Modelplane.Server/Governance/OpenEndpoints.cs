using System.Collections.Frozen;
using Endpoint = Modelplane.Registry.Endpoints.Endpoint;

namespace Modelplane.Server.Governance;

/// <summary>
/// The endpoints of one workspace that callers without a token may call (an admin's explicit setting on a live
/// endpoint), held in memory so the access middleware decides without a database call.
/// </summary>
internal sealed class OpenEndpoints
{
    private readonly Lock _writeLock = new();
    private volatile FrozenSet<string> _names = FrozenSet<string>.Empty;

    public bool Contains(string endpoint) => _names.Contains(endpoint);

    /// <summary>Replaces the set with the open ones among <paramref name="endpoints"/> (at start).</summary>
    public void Reset(IEnumerable<Endpoint> endpoints)
    {
        lock (_writeLock)
        {
            _names = endpoints.Where(e => e.AnonymousPredictions).Select(e => e.Name).ToFrozenSet(StringComparer.Ordinal);
        }
    }

    /// <summary>Records an endpoint's setting after it changed in the store.</summary>
    public void Update(Endpoint endpoint)
    {
        lock (_writeLock)
        {
            _names = endpoint.AnonymousPredictions
                ? _names.Append(endpoint.Name).ToFrozenSet(StringComparer.Ordinal)
                : _names.Where(n => n != endpoint.Name).ToFrozenSet(StringComparer.Ordinal);
        }
    }
}
