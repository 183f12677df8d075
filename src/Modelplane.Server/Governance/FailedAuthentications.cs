using System.Net;
using System.Threading.RateLimiting;

namespace Modelplane.Server.Governance;

/// <summary>
/// Counts requests with a missing or wrong token per client address (RELIABILITY.md T15): after
/// <see cref="PermitsPerMinute"/> in a minute the address gets 429 instead of 401 until the minute is over, so tokens
/// cannot be guessed at speed and unauthenticated floods are not audited one by one. Valid tokens from
/// the same address keep working: the limit applies to failures only, so a guessing neighbour behind the same NAT
/// cannot lock others out.
/// </summary>
internal sealed class FailedAuthentications : IDisposable
{
    /// <summary>Requests without a valid token an address may send in a minute.</summary>
    public const int PermitsPerMinute = 20;

    private readonly PartitionedRateLimiter<IPAddress> _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(
        address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = PermitsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<IPAddress, byte> _lockedOut = new();

    /// <summary>What to answer after a wrong token.</summary>
    public enum Verdict
    {
        /// <summary>401: within the allowance.</summary>
        Allowed,

        /// <summary>429, and this is the request that crossed the limit (audit it).</summary>
        JustLockedOut,

        /// <summary>429 again within the same minute.</summary>
        LockedOut,
    }

    /// <summary>Records a request without a valid token from <paramref name="client"/>.</summary>
    public Verdict Record(IPAddress client)
    {
        using var lease = _limiter.AttemptAcquire(client);
        if (lease.IsAcquired)
        {
            _lockedOut.TryRemove(client, out _);
            return Verdict.Allowed;
        }

        return _lockedOut.TryAdd(client, 0) ? Verdict.JustLockedOut : Verdict.LockedOut;
    }

    public void Dispose() => _limiter.Dispose();
}
