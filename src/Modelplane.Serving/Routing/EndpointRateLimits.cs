using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using Modelplane.Registry.Endpoints;

namespace Modelplane.Serving.Routing;

/// <summary>
/// The rate limits of one workspace's endpoints: a token bucket per endpoint (all callers) and one per caller, each
/// refilled ten times a second with a second's worth of burst. Endpoints without limits cost a dictionary miss.
/// </summary>
public sealed class EndpointRateLimits : IDisposable
{
    private readonly ConcurrentDictionary<string, Limits> _limits = new(StringComparer.Ordinal);

    // Kept across limit changes so the count only grows; keys are endpoints that have (had) a limit.
    private readonly ConcurrentDictionary<string, StrongBox<long>> _rejected = new(StringComparer.Ordinal);

    /// <summary>Applies <paramref name="endpoint"/>'s limits (after a change, or at start).</summary>
    public void Configure(Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Limits? old;
        if (endpoint.RateLimit is null && endpoint.CallerRateLimit is null)
        {
            _limits.TryRemove(endpoint.Name, out old);
        }
        else
        {
            var fresh = new Limits(endpoint.RateLimit, endpoint.CallerRateLimit);
            old = null;
            _limits.AddOrUpdate(endpoint.Name, fresh, (_, previous) => { old = previous; return fresh; });
        }

        old?.Dispose();
    }

    /// <summary>True when <paramref name="endpoint"/> has a limit (so the caller's key is worth working out).</summary>
    public bool HasLimits(string endpoint) => _limits.ContainsKey(endpoint);

    /// <summary>Takes one request's permit for <paramref name="caller"/> on <paramref name="endpoint"/>; false (with when to retry) when a limit is reached.</summary>
    public bool TryAcquire(string endpoint, string caller, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!_limits.TryGetValue(endpoint, out var limits) || limits.TryAcquire(caller, out retryAfter))
        {
            return true;
        }

        Interlocked.Increment(ref _rejected.GetOrAdd(endpoint, static _ => new StrongBox<long>()).Value);
        return false;
    }

    /// <summary>Requests refused so far, per endpoint that has refused any.</summary>
    public IEnumerable<(string Endpoint, long Rejected)> Rejections() =>
        _rejected.Select(r => (r.Key, Volatile.Read(ref r.Value.Value)));

    public void Dispose()
    {
        foreach (var limits in _limits.Values)
        {
            limits.Dispose();
        }

        _limits.Clear();
    }

    private sealed class Limits(int? perSecond, int? perCaller) : IDisposable
    {
        private readonly TokenBucketRateLimiter? _endpoint = perSecond is { } rate ? new TokenBucketRateLimiter(Bucket(rate)) : null;

        private readonly PartitionedRateLimiter<string>? _callers = perCaller is { } rate
            ? PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetTokenBucketLimiter(caller, _ => Bucket(rate)), StringComparer.Ordinal)
            : null;

        public bool TryAcquire(string caller, out TimeSpan retryAfter)
        {
            retryAfter = TimeSpan.Zero;
            try
            {
                // The caller's own limit first, so one caller over its share does not use up the endpoint's.
                return Acquired(_callers?.AttemptAcquire(caller), ref retryAfter) && Acquired(_endpoint?.AttemptAcquire(), ref retryAfter);
            }
            catch (ObjectDisposedException)
            {
                // The limits changed while this request held the old ones; the new ones apply from the next request.
                return true;
            }
        }

        public void Dispose()
        {
            _endpoint?.Dispose();
            _callers?.Dispose();
        }

        private static bool Acquired(RateLimitLease? lease, ref TimeSpan retryAfter)
        {
            if (lease is null)
            {
                return true;
            }

            using (lease)
            {
                if (!lease.IsAcquired)
                {
                    retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                }

                return lease.IsAcquired;
            }
        }

        // About ten refills a second, each period sized so the rate comes out exact.
        private static TokenBucketRateLimiterOptions Bucket(int perSecond)
        {
            var tokens = Math.Max(1, perSecond / 10);
            return new TokenBucketRateLimiterOptions
            {
                TokenLimit = perSecond,
                TokensPerPeriod = tokens,
                ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerSecond * tokens / perSecond),
                QueueLimit = 0,
                AutoReplenishment = true,
            };
        }
    }
}
