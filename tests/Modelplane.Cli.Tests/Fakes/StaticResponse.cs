using System.Net;

namespace Modelplane.Cli.Tests.Fakes;

/// <summary>A handler that answers every request with one status and text body.</summary>
internal sealed class StaticResponse(HttpStatusCode status, string body) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
}
