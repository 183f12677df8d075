using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Metrics;

/// <summary>
/// Spans of real requests: the caller's traceparent is honoured, the inference span has its phases as children with
/// the route's names, and a shadow copy's span joins the caller's trace.
/// </summary>
public sealed class TracingTests : IClassFixture<TracingAppFactory>, IDisposable
{
    private readonly TracingAppFactory _app;
    private readonly ConcurrentBag<Activity> _spans = [];
    private readonly ActivityListener _listener;

    public TracingTests(TracingAppFactory app)
    {
        _app = app;
        // Listeners are process-wide: every test keeps only the spans of the trace it started.
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Modelplane",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Inference_WithTraceparent_SpansJoinTheCallersTraceWithPhasesAsChildren()
    {
        var model = TestModels.UniqueName("trace");
        await _app.PushAsync(model, TestModels.Linear3(0.5f));
        await _app.CreateEndpointAsync(model, model, 1);
        await PutAsync($"/api/v1/endpoints/{model}/logging", new InferenceLoggingDto(1, 1), ModelplaneJsonContext.Default.InferenceLoggingDto);
        var trace = ActivityTraceId.CreateRandom();

        Assert.Equal(HttpStatusCode.OK, await InferAsync(model, trace, requestId: "req-42"));

        var inference = await SpanAsync(trace, "modelplane.inference");
        Assert.Equal(
            (model, model, (object)1, "req-42"),
            ((string)inference.GetTagItem("modelplane.endpoint")!, (string)inference.GetTagItem("modelplane.model")!,
             inference.GetTagItem("modelplane.version")!, (string)inference.GetTagItem("modelplane.request_id")!));
        var children = _spans.Where(s => s.TraceId == trace && s.ParentSpanId == inference.SpanId).Select(s => s.OperationName).Order().ToList();
        Assert.Equal(["modelplane.encode", "modelplane.log", "modelplane.queue", "modelplane.route", "modelplane.run", "modelplane.validate"], children);
        // Phases lie within the request's span.
        Assert.All(_spans.Where(s => s.ParentSpanId == inference.SpanId), s =>
            Assert.InRange(s.StartTimeUtc, inference.StartTimeUtc, inference.StartTimeUtc + inference.Duration));
    }

    [Fact]
    public async Task ShadowCopy_SpanIsInTheCallersTrace()
    {
        var model = TestModels.UniqueName("trace");
        await _app.PushAsync(model, TestModels.Linear3(0.5f));
        await _app.PushAsync(model, TestModels.Linear3(1.5f));
        await _app.CreateEndpointAsync(model, model, 1);
        await PutAsync($"/api/v1/endpoints/{model}/policies", new EndpointPoliciesDto(Shadow: new ShadowPolicyDto(model, 2, 100)), ModelplaneJsonContext.Default.EndpointPoliciesDto);
        var trace = ActivityTraceId.CreateRandom();

        Assert.Equal(HttpStatusCode.OK, await InferAsync(model, trace));

        var shadow = await SpanAsync(trace, "modelplane.shadow");
        Assert.Equal((object)2, shadow.GetTagItem("modelplane.version"));
        Assert.Equal((await SpanAsync(trace, "modelplane.inference")).TraceId, shadow.TraceId);
    }

    public void Dispose() => _listener.Dispose();

    private async Task<Activity> SpanAsync(ActivityTraceId trace, string name)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_spans.FirstOrDefault(s => s.TraceId == trace && s.OperationName == name) is { } span)
            {
                return span;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"no span {name} in trace {trace}");
            await Task.Delay(20, Ct);
        }
    }

    private async Task<HttpStatusCode> InferAsync(string endpoint, ActivityTraceId trace, string? requestId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/models/{endpoint}/infer")
        {
            Content = new StringContent(TestModels.Request([1, 2, 3]), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        if (requestId is not null)
        {
            request.Headers.Add("X-Request-Id", requestId);
        }

        using var response = await _app.CreateClient().SendAsync(request, Ct);
        return response.StatusCode;
    }

    private async Task PutAsync<T>(string path, T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var response = await _app.CreateClient().PutAsJsonAsync(path, body, type, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }
}
