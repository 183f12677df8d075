using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Modelplane.Governance.Identity;

/// <summary>Why a presented token was refused.</summary>
public enum TokenProblem
{
    /// <summary>The token is good.</summary>
    None,

    /// <summary>Not shaped like one of our tokens, or unknown, or the secret does not match.</summary>
    Invalid,

    /// <summary>Revoked.</summary>
    Revoked,

    /// <summary>Past its expiry.</summary>
    Expired,
}

/// <summary>
/// Checks presented API tokens, with a cache so the request path does not touch the database. A cached answer is
/// used for at most one second: a token revoked on any replica stops working within a second everywhere (and at once
/// on the replica that revoked it, which calls <see cref="Forget"/>). Expiry is checked on every request.
/// </summary>
public sealed class TokenAuthenticator(IdentityStore store, TimeProvider time)
{
    /// <summary>How long a cached answer is trusted.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    // Wrong tokens are cached too (so a flood of them does not reach the database); the bound keeps that flood from
    // growing memory: past it the cache starts over.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);

    /// <summary>The token's grant, or why it is refused.</summary>
    public ValueTask<(ApiTokenInfo? Token, TokenProblem Problem)> AuthenticateAsync(string token, CancellationToken ct)
    {
        if (_cache.TryGetValue(token, out var entry) && time.GetTimestamp() < entry.FreshUntil)
        {
            return ValueTask.FromResult(Judge(entry.Token));
        }

        return new ValueTask<(ApiTokenInfo?, TokenProblem)>(LookUpAsync(token, ct));
    }

    /// <summary>Drops every cached answer; call after revoking a token or removing a member.</summary>
    public void Forget() => _cache.Clear();

    private async Task<(ApiTokenInfo?, TokenProblem)> LookUpAsync(string token, CancellationToken ct)
    {
        ApiTokenInfo? verified = null;
        if (Parse(token) is ({ } id, { } hash) && await store.FindTokenAsync(id, ct).ConfigureAwait(false) is { } stored
            && CryptographicOperations.FixedTimeEquals(hash, stored.SecretHash))
        {
            verified = stored.Info;
        }

        if (_cache.Count >= MaxEntries)
        {
            _cache.Clear();
        }

        _cache[token] = new Entry(verified, time.GetTimestamp() + (long)(CacheFor.TotalSeconds * time.TimestampFrequency));
        return Judge(verified);
    }

    private static (string? Id, byte[]? Hash) Parse(string token) =>
        ApiTokenSecret.TryParse(token, out var id, out var secret) ? (id, ApiTokenSecret.Hash(secret)) : (null, null);

    private (ApiTokenInfo?, TokenProblem) Judge(ApiTokenInfo? token) => token switch
    {
        null => (null, TokenProblem.Invalid),
        { RevokedAt: not null } => (token, TokenProblem.Revoked),
        { ExpiresAt: { } expiry } when expiry <= time.GetUtcNow() => (token, TokenProblem.Expired),
        _ => (token, TokenProblem.None),
    };

    private sealed record Entry(ApiTokenInfo? Token, long FreshUntil);
}
