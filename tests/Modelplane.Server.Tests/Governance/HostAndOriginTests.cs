using System.Net;
using System.Text;
using Modelplane.Server.Grpc;
using Modelplane.Server.Hosting;
using Modelplane.Server.Tests.Mlflow;

namespace Modelplane.Server.Tests.Governance;

/// <summary>
/// RELIABILITY.md T14: a loopback server answers only loopback host names (DNS rebinding), refuses state changes from
/// a foreign Origin on every method, and changes nothing for any of 1,000 fuzzed Host values.
/// </summary>
public sealed class HostAndOriginTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RebindingHost_IsRefused_AndChangesNothing()
    {
        var model = await PushAsync();

        var (status, body) = await app.SendRawAsync("POST", "/api/v1/endpoints", EndpointBody("rebound", model), json: true, host: "evil.example");

        Assert.Equal(400, status);
        Assert.Contains("does not answer for host 'evil.example'", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/api/v1/endpoints/rebound", Ct)).StatusCode);
    }

    [Fact]
    public async Task FuzzedHosts_1000_ChangeNothing()
    {
        var model = await PushAsync();
        var random = new Random(1414);
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789.-:[]/?#@%_~!$&'()*+,;=\\ ";
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < 1000; i++)
        {
            var host = new string([.. Enumerable.Range(0, random.Next(1, 40)).Select(_ => alphabet[random.Next(alphabet.Length)])]).Trim();
            if (host.Length == 0 || host.Split(':')[0] is "localhost" or "127.0.0.1" or "[::1]")
            {
                continue;
            }

            var (status, _) = await app.SendRawAsync("POST", "/api/v1/endpoints", EndpointBody($"fz-{i}", model), json: true, host: host);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        }

        var endpoints = await app.CreateClient().GetStringAsync("/api/v1/endpoints", Ct);
        Assert.DoesNotContain("\"fz-", endpoints, StringComparison.Ordinal);
        Assert.True(statuses.Keys.All(s => s == 400), string.Join(", ", statuses.Select(p => $"{p.Key}: {p.Value}")));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task ForeignOrigin_WithCookie_IsRefusedOnEveryChangingMethod(string method)
    {
        var model = await PushAsync();
        var target = method == "POST" ? "/api/v1/endpoints" : $"/api/v1/models/{model}";

        var (status, body) = await app.SendRawAsync(
            method, target, EndpointBody("csrf", model), json: true, headers: "Origin: http://evil.example\r\nCookie: session=stolen\r\n");

        Assert.Equal(403, status);
        Assert.Contains($"Cross-origin {method} from 'http://evil.example' refused", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/api/v1/models/{model}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/api/v1/endpoints/csrf", Ct)).StatusCode);
    }

    [Fact]
    public async Task OwnOrigin_IsServed()
    {
        var model = await PushAsync();
        var origin = $"http://{app.ClientOptions.BaseAddress.Authority}";

        var (status, body) = await app.SendRawAsync("POST", "/api/v1/endpoints", EndpointBody(model + "-own", model), json: true, headers: $"Origin: {origin}\r\n");

        Assert.True(status == 201, body);
    }

    [Theory]
    [InlineData(null, ModelplaneHost.DefaultUrl, "evil.example", false)]
    [InlineData(null, ModelplaneHost.DefaultUrl, "localhost", true)]
    [InlineData(null, "http://[::1]:8080", "[::1]", true)]
    [InlineData(null, "http://0.0.0.0:8080", "models.internal", true)]
    [InlineData(null, "http://+:8080", "models.internal", true)]
    [InlineData("models.example.com", "http://0.0.0.0:8080", "models.example.com", true)]
    [InlineData("models.example.com", "http://0.0.0.0:8080", "evil.example", false)]
    [InlineData("*", ModelplaneHost.DefaultUrl, "evil.example", true)]
    [InlineData(null, ModelplaneHost.DefaultUrl, "LOCALHOST:8080", true)]
    [InlineData(null, ModelplaneHost.DefaultUrl, "127.0.0.1:18089", true)]
    [InlineData(null, ModelplaneHost.DefaultUrl, "[::1]:8080", true)]
    [InlineData(null, ModelplaneHost.DefaultUrl, "::1", true)]
    [InlineData(null, ModelplaneHost.DefaultUrl, "127.0.0.1:", true)]
    [InlineData(null, ModelplaneHost.DefaultUrl, "evil.example:8080", false)]
    [InlineData(null, ModelplaneHost.DefaultUrl, "localhost.evil.example:8080", false)]
    [InlineData(null, ModelplaneHost.DefaultUrl, "localhost]:8080", false)]
    [InlineData(null, ModelplaneHost.DefaultUrl, "::1:8080", false)]
    [InlineData(null, ModelplaneHost.DefaultUrl, "", false)]
    public void HostPolicy_FollowsBindAddressAndConfiguration(string? allowed, string urls, string host, bool expected) =>
        Assert.Equal(expected, HostPolicy.For(allowed, urls).Allows(new Microsoft.AspNetCore.Http.HostString(host)));

    [Fact]
    public void DefaultListeners_AreLoopbackOnly()
    {
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(new Uri(ModelplaneHost.DefaultUrl).Host)));
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(new Uri(GrpcOptions.DefaultUrl).Host)));
    }

    private async Task<string> PushAsync()
    {
        var model = TestModels.UniqueName("t14");
        await app.PushAsync(model, TestModels.Linear3());
        return model;
    }

    private static byte[] EndpointBody(string name, string model) => Encoding.UTF8.GetBytes($$"""{"name":"{{name}}","model":"{{model}}","version":1}""");
}
