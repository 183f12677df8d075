using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Modelplane.Server.Tests.Slos;

/// <summary>A real webhook on loopback (Kestrel) that keeps every POST and answers what <see cref="Answer"/> says.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Bodies of the POSTs answered 2xx, in arrival order, with their signature header.</summary>
    public ConcurrentQueue<(string Body, string? Signature)> Accepted { get; } = new();

    /// <summary>Every call so far (accepted or not).</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Given the 1-based call number, the status to answer (after any delay); 200 by default.</summary>
    public Func<int, Task<int>> Answer { get; set; } = _ => Task.FromResult(200);

    public Uri Url => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook");

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            var call = Interlocked.Increment(ref receiver._calls);
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var status = await receiver.Answer(call);
            if (status is >= 200 and < 300)
            {
                receiver.Accepted.Enqueue((body, context.Request.Headers["X-Modelplane-Signature"].FirstOrDefault()));
            }

            return Results.StatusCode(status);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
