using System.Net.Http.Headers;

namespace Modelplane.Testing.Http;

/// <summary>Adds <c>Authorization: Bearer TOKEN</c> to every request (for gRPC channels and raw handlers in tests).</summary>
public sealed class BearerTokenHandler(string token, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    /// <summary>Reads the first admin token a server wrote to <paramref name="dataDirectory"/>.</summary>
    public static string AdminToken(string dataDirectory) => File.ReadAllText(Path.Combine(dataDirectory, "admin-token")).Trim();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", token);
        return base.SendAsync(request, cancellationToken);
    }
}
