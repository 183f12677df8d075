using System.Collections.Concurrent;
using System.Security.Cryptography;
using Modelplane.Governance.Access;

namespace Modelplane.Governance.Identity;

/// <summary>Why a presented token was refused.</summary>
public enum TokenProblem
{
    /// <summary>The token is good.</summary>
    None,

    /// <summary>No token was sent.</summary>
    Missing,

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

    /// <summary>
    /// The grant of the token in an <c>Authorization</c> header value (<c>Bearer mp_...</c>), with the
    /// <see cref="Caller"/> it makes, or why it is refused.
    /// </summary>
    /// <remarks>
    /// Keyed by the header value as received, so a cached request allocates nothing: no substring, no caller.
    /// </remarks>
    public ValueTask<(ApiTokenInfo? Token, Caller? Caller, TokenProblem Problem)> AuthenticateAsync(string authorization, CancellationToken ct)
    {
        if (_cache.TryGetValue(authorization, out var entry) && time.GetTimestamp() < entry.FreshUntil)
        {
            return ValueTask.FromResult(Judge(entry));
        }

        return new ValueTask<(ApiTokenInfo?, Caller?, TokenProblem)>(LookUpAsync(authorization, ct));
    }

    /// <summary>Drops every cached answer; call after revoking a token or removing a member.</summary>
    public void Forget() => _cache.Clear();

    private async Task<(ApiTokenInfo?, Caller?, TokenProblem)> LookUpAsync(string authorization, CancellationToken ct)
    {
        const string scheme = "Bearer ";
        var token = authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? authorization[scheme.Length..].Trim() : "";
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

        var entry = new Entry(
            verified,
            verified is null ? null : new Caller(verified.Principal, verified.Workspace, verified.Role, verified.Id),
            time.GetTimestamp() + (long)(CacheFor.TotalSeconds * time.TimestampFrequency));
        _cache[authorization] = entry;
        return Judge(entry);
    }

    private static (string? Id, byte[]? Hash) Parse(string token) =>
        ApiTokenSecret.TryParse(token, out var id, out var secret) ? (id, ApiTokenSecret.Hash(secret)) : (null, null);

    private (ApiTokenInfo?, Caller?, TokenProblem) Judge(Entry entry) => entry.Token switch
    {
        null => (null, null, TokenProblem.Invalid),
        { RevokedAt: not null } => (entry.Token, null, TokenProblem.Revoked),
        { ExpiresAt: { } expiry } when expiry <= time.GetUtcNow() => (entry.Token, null, TokenProblem.Expired),
        _ => (entry.Token, entry.Caller, TokenProblem.None),
    };

    private sealed record Entry(ApiTokenInfo? Token, Caller? Caller, long FreshUntil);
}
