using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Modelplane.Registry.Slos;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Modelplane.Server.Telemetry;

namespace Modelplane.Server.Slos;

/// <summary>
/// Posts notification bodies to webhooks for every workspace: each attempt times out after
/// <see cref="AlertOptions.Timeout"/>, failed attempts (timeout, connection error, 5xx, 429) are retried with
/// exponential backoff, and what still fails is counted in <c>modelplane_alert_notifications_failed_total</c>.
/// </summary>
/// <remarks>
/// Runs on real time, not the injected clock: timeouts and backoff are about a remote server's behaviour.
/// </remarks>
internal sealed class AlertDelivery : IDisposable
{
    /// <summary>The header carrying <c>sha256=HEX</c>, the HMAC-SHA256 of the body under the receiver's secret.</summary>
    public const string SignatureHeader = "X-Modelplane-Signature";

    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly System.Diagnostics.Metrics.Counter<long> _failed;
    private readonly TimeSpan _timeout;

    public AlertDelivery(IOptions<AlertOptions> options, ModelplaneMeter meter)
    {
        var settings = options.Value;
        _timeout = settings.Timeout;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetries,
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => (int)r.StatusCode >= 500 || (int)r.StatusCode == 429),
            });
        }

        _pipeline = builder.AddTimeout(settings.Timeout).Build();
        _failed = meter.Meter.CreateCounter<long>(
            "modelplane.alert.notifications.failed", null, "Alert notifications a webhook did not accept after every retry.");
    }

    /// <summary>Posts <paramref name="body"/> to the receiver; null when it accepted it (2xx), else why it failed.</summary>
    public async Task<string?> SendAsync(string workspace, AlertReceiver receiver, byte[] body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        string? failure;
        try
        {
            using var response = await _pipeline.ExecuteAsync(
                async (state, token) =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, state.receiver.Url) { Content = new ByteArrayContent(state.body) };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    if (state.receiver.Secret is { Length: > 0 } secret)
                    {
                        request.Headers.TryAddWithoutValidation(SignatureHeader, Sign(secret, state.body));
                    }

                    return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                },
                (receiver, body),
                ct).ConfigureAwait(false);
            failure = response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            failure = ex is TimeoutRejectedException ? $"no answer within {_timeout.TotalSeconds:G4} s" : ex.Message;
        }

        if (failure is not null)
        {
            _failed.Add(1, new KeyValuePair<string, object?>("workspace", workspace), new KeyValuePair<string, object?>("receiver", receiver.Name));
        }

        return failure;
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of <paramref name="body"/> under <paramref name="secret"/>.</summary>
    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body));

    public void Dispose() => _http.Dispose();
}
