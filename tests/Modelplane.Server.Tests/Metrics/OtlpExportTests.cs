using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Modelplane.Server.Tests.Metrics;

/// <summary>
/// With an OTLP endpoint, metrics and traces leave the server over OTLP/HTTP: a real HTTP listener on loopback stands
/// in for the collector and receives the protobuf payloads (no collector is installable here; the payload's strings
/// are plain UTF-8 in protobuf, so the test reads the metric, span and endpoint names from the bytes).
/// </summary>
public sealed class OtlpExportTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, string ContentType, byte[] Body)> _received = new();
    private WebApplication _collector = null!;
    private OtlpAppFactory _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _collector = builder.Build();
        _collector.MapPost("/v1/{signal}", async (HttpContext c) =>
        {
            using var body = new MemoryStream();
            await c.Request.Body.CopyToAsync(body);
            _received.Enqueue((c.Request.Path, c.Request.ContentType ?? "", body.ToArray()));
            return Results.Ok();
        });
        await _collector.StartAsync(Ct);
        var address = _collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _app = new OtlpAppFactory(address);
    }

    [Fact]
    public async Task OtlpEndpoint_MetricsAndTracesArriveAtTheCollector()
    {
        var model = TestModels.UniqueName("otlp");
        await _app.PushAsync(model, TestModels.Linear3(0.5f));
        await _app.CreateEndpointAsync(model, model, 1);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/models/{model}/infer")
        {
            Content = new StringContent(TestModels.Request([1, 2, 3]), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01");
        using (var response = await _app.CreateClient().SendAsync(request, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var metrics = await ReceivedAsync("/v1/metrics", "modelplane.inference.requests", model);
        var traces = await ReceivedAsync("/v1/traces", "modelplane.inference", model);

        Assert.Equal("application/x-protobuf", metrics.ContentType);
        Assert.Equal("application/x-protobuf", traces.ContentType);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _collector.DisposeAsync();
    }

    // Exports run every 200 ms here; wait (bounded) for one that carries what the request produced.
    private async Task<(string Path, string ContentType, byte[] Body)> ReceivedAsync(string path, params string[] texts)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var match = _received.FirstOrDefault(r => r.Path == path && texts.All(t => Contains(r.Body, t)));
            if (match.Body is not null)
            {
                return match;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), $"no OTLP export to {path} carrying {string.Join(", ", texts)}");
            await Task.Delay(100, Ct);
        }
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private sealed class OtlpAppFactory(string collector) : ModelplaneAppFactory(new()
    {
        ["Modelplane:Telemetry:OtlpEndpoint"] = collector,
        ["Modelplane:Telemetry:OtlpProtocol"] = "http/protobuf",
        ["Modelplane:Telemetry:OtlpExportInterval"] = "00:00:00.200",
    });
}
