using System.Net;

namespace Modelplane.Server.Hosting;

/// <summary>
/// RELIABILITY.md T14. A server on loopback answers only requests addressed to a loopback name, so a web page that
/// rebinds its DNS name to 127.0.0.1 cannot reach it; and no state-changing request from a browser page of another
/// origin is served (a page cannot attach our bearer tokens, but cookies or a future dashboard must not change that).
/// </summary>
internal sealed class HostAndOriginChecks(RequestDelegate next, HostPolicy policy)
{
    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host;
        if (!policy.Allows(host))
        {
            return ErrorResults.WriteErrorAsync(
                context,
                StatusCodes.Status400BadRequest,
                $"This server does not answer for host '{Shown(host.Value)}'; it serves {policy}. Set Modelplane:AllowedHosts to add names.");
        }

        var origin = context.Request.Headers.Origin;
        if (origin.Count > 0 && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && !HttpMethods.IsOptions(context.Request.Method) && !SameOrigin(origin.ToString(), host))
        {
            return ErrorResults.WriteErrorAsync(
                context, StatusCodes.Status403Forbidden, $"Cross-origin {context.Request.Method} from '{Shown(origin.ToString())}' refused: changes are accepted only from this server's own origin.");
        }

        return next(context);
    }

    private static bool SameOrigin(string origin, HostString host) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.Equals(uri.Authority, host.Value, StringComparison.OrdinalIgnoreCase);

    private static string Shown(string? text) => new([.. (text ?? "").Take(60).Select(c => char.IsControl(c) ? '?' : c)]);
}

/// <summary>Which <c>Host</c> names the server answers: loopback names when it listens only on loopback, else the configured list, else any.</summary>
internal sealed class HostPolicy
{
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];
    private readonly string[]? _names;

    private HostPolicy(string[]? names) => _names = names;

    /// <summary>The policy for the configured <paramref name="allowedHosts"/> (<c>;</c>-separated, <c>*</c> for any) and listening <paramref name="urls"/>.</summary>
    public static HostPolicy For(string? allowedHosts, string urls)
    {
        if (!string.IsNullOrWhiteSpace(allowedHosts))
        {
            var names = allowedHosts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return new HostPolicy(names.Contains("*") ? null : [.. LoopbackNames, .. names]);
        }

        var loopbackOnly = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(IsLoopback);
        return new HostPolicy(loopbackOnly ? LoopbackNames : null);
    }

    public bool Allows(HostString host)
    {
        if (_names is null)
        {
            return host.HasValue;
        }

        var name = NameOf(host);
        foreach (var allowed in _names)
        {
            if (name.Equals(allowed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // HostString.Host without its allocation on every request: "name:port" is "name", "[v6]:port" is "[v6]"; the rare
    // unbracketed IPv6 form ("::1", which Host brackets) goes through HostString itself.
    private static ReadOnlySpan<char> NameOf(HostString host)
    {
        var value = host.Value.AsSpan();
        var bracket = value.IndexOf(']');
        if (bracket >= 0)
        {
            return value[..(bracket + 1)];
        }

        var colon = value.IndexOf(':');
        if (colon < 0)
        {
            return value;
        }

        return value[(colon + 1)..].Contains(':') ? host.Host : value[..colon];
    }

    public override string ToString() => _names is null ? "any host" : string.Join(", ", _names);

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)));
}
