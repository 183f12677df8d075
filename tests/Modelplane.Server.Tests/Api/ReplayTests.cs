using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Testing.Onnx;

namespace Modelplane.Server.Tests.Api;

/// <summary>
/// Replay through the real HTTP stack and real ONNX models: an endpoint's logged inputs are run through another version
/// offline, and the report's agreement, score differences and top rows are the numbers worked out by hand.
/// </summary>
/// <remarks>
/// The classifiers take one row x = (0, d): the baseline's logits are x, so it picks class 1 when d &gt; 0; the shifted
/// one adds 1 to class 0's logit, so it picks class 1 only when d &gt; 1, and each probability moves by σ(d) − σ(d − 1).
/// </remarks>
public sealed class ReplayTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    // d = 0.5 is the one row whose class changes; the others are ordered by how far their probabilities move.
    private static readonly float[] Ds = [3f, 1.5f, 0.5f, -3f];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replay_SameVersion_AgreesFullyWithNoDifference()
    {
        var (endpoint, model) = await LoggedEndpointAsync();

        var report = await ReplayAsync(endpoint, new ReplayRequest($"{model}@1") { Since = "1h" });

        Assert.Equal((4, 4, 0, 0), (report.Read, report.Replayed, report.Failed, report.Skipped));
        Assert.Equal((1.0, 0.0, 0.0), (report.LabelAgreement, report.MeanAbsoluteScoreDifference, report.MaxAbsoluteScoreDifference));
        Assert.All(report.Top, r => Assert.Equal((0.0, true, r.Logged), (r.Difference, r.LabelsAgree, r.Replayed)));
    }

    [Fact]
    public async Task Replay_ShiftedVersion_ReportsExpectedAgreementAndDifferences()
    {
        var (endpoint, model) = await LoggedEndpointAsync();
        var shifted = await PushShiftedAsync();

        var report = await ReplayAsync(endpoint, new ReplayRequest($"{shifted}@1"));

        var moves = Ds.Select(d => Sigmoid(d) - Sigmoid(d - 1)).ToArray();
        Assert.Equal(($"{shifted}@1", 4, 0.75), (report.To, report.Replayed, report.LabelAgreement));
        Assert.Equal(moves.Average(), report.MeanAbsoluteScoreDifference!.Value, 1e-6);
        Assert.Equal(moves.Max(), report.MaxAbsoluteScoreDifference!.Value, 1e-6);
        Assert.All(report.Top, r => Assert.Equal($"{model}@1", r.ServedBy));
    }

    [Fact]
    public async Task Replay_Top_ListsTheChangedClassFirstThenTheLargestDifferences()
    {
        var (endpoint, _) = await LoggedEndpointAsync();
        var shifted = await PushShiftedAsync();

        var report = await ReplayAsync(endpoint, new ReplayRequest($"{shifted}@1") { Top = 3 });

        Assert.Equal(["d=0.5", "d=1.5", "d=3"], report.Top.Select(r => r.RequestId.Split('/')[1]));
        Assert.Equal([false, true, true], report.Top.Select(r => r.LabelsAgree!.Value));
        Assert.Equal(Sigmoid(1.5) - Sigmoid(0.5), report.Top[1].Difference, 1e-6);
        Assert.Equal("labels [1] scores [0.1824, 0.8176]", report.Top[1].Logged);
        Assert.Equal("labels [1] scores [0.3775, 0.6225]", report.Top[1].Replayed);
    }

    [Fact]
    public async Task Replay_RedactedInputAndFailedRequest_AreSkippedWithTheirReasons()
    {
        var (endpoint, model) = await LoggedEndpointAsync(redact: ["x"]);
        using (var bad = await PredictAsync(endpoint, "bad", """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,2,3]}]}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        await WaitForRecordsAsync(endpoint, 5);

        var report = await ReplayAsync(endpoint, new ReplayRequest($"{model}@1"));

        Assert.Equal((5, 0, 5), (report.Read, report.Replayed, report.Skipped));
        Assert.Equal([new ReplaySkipDto("failed-status", 1), new ReplaySkipDto("redacted-input", 4)], report.SkippedBy);
        Assert.Null(report.LabelAgreement);
    }

    [Fact]
    public async Task Replay_TargetRejectsTheInputs_CountsFailedWithTheFirstError()
    {
        var (endpoint, _) = await LoggedEndpointAsync();
        var other = TestModels.UniqueName("rp-other");
        await app.PushAsync(other, TestModels.Linear3());

        var report = await ReplayAsync(endpoint, new ReplayRequest($"{other}@1"));

        Assert.Equal((4, 0, 4), (report.Read, report.Replayed, report.Failed));
        Assert.Contains("shape", report.FirstError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Replay_AddsNoLogRecordsAndChangesNoMetrics()
    {
        var (endpoint, model) = await LoggedEndpointAsync();
        var shifted = await PushShiftedAsync();
        var before = EndpointSeries(await MetricsAsync(), endpoint);

        var self = await ReplayAsync(endpoint, new ReplayRequest($"{model}@1"));
        var other = await ReplayAsync(endpoint, new ReplayRequest($"{shifted}@1"));
        await Task.Delay(300, Ct); // what the log's writer would have written by now

        var metrics = await MetricsAsync();
        Assert.Contains(before, l => l.StartsWith("modelplane_inference_requests_total{", StringComparison.Ordinal) && l.EndsWith(" 4", StringComparison.Ordinal));
        Assert.Equal((4, 4), (self.Replayed, other.Replayed));
        Assert.Equal(4, (await QueryAsync(endpoint)).Count);
        Assert.Equal(before, EndpointSeries(metrics, endpoint));
        // Loading the target is a real load (its load time is recorded); serving requests it did not.
        Assert.Empty(Modelplane.Testing.Metrics.Exposition.Parse(metrics).Find("modelplane_inference_requests_total", ("model", shifted)));
    }

    [Fact]
    public async Task Replay_NoRecordsInRange_Is200WithZeroRecords()
    {
        var (endpoint, model) = await LoggedEndpointAsync();

        var report = await ReplayAsync(endpoint, new ReplayRequest($"{model}@1") { Until = "2000-01-01T00:00:00Z" });

        Assert.Equal((0, 0, 0, 0, null), (report.Read, report.Replayed, report.Failed, report.Skipped, report.LabelAgreement));
        Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), report.Until);
    }

    [Theory]
    [InlineData("""{"to":"churn"}""", "to 'churn' is not MODEL@VERSION")]
    [InlineData("""{"to":"@3"}""", "to '@3' is not MODEL@VERSION")]
    [InlineData("""{"to":"MODEL@1","since":"yesterday"}""", "since 'yesterday'")]
    [InlineData("""{"to":"MODEL@1","until":"5x"}""", "until '5x'")]
    [InlineData("""{"to":"MODEL@1","since":"1h","until":"2h"}""", "until is before since")]
    [InlineData("""{"to":"MODEL@1","limit":10001}""", "limit is 10001; it is from 1 to 10000")]
    [InlineData("""{"to":"MODEL@1","limit":0}""", "limit is 0")]
    [InlineData("""{"to":"MODEL@1","top":-1}""", "top is -1")]
    [InlineData("""{"to":"MODEL@1","version":0}""", "version is 0")]
    [InlineData("""not json""", "not valid JSON")]
    public async Task Replay_BadRequest_Is400NamingTheField(string body, string message)
    {
        var (endpoint, model) = await LoggedEndpointAsync(requests: false);

        using var response = await PostAsync(endpoint, body.Replace("MODEL", model, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nope-endpoint", """{"to":"MODEL@1"}""", "Endpoint 'nope-endpoint' not found")]
    [InlineData(null, """{"to":"nope-model@1"}""", "Model 'nope-model' has no version 1")]
    [InlineData(null, """{"to":"MODEL@7"}""", "has no version 7")]
    public async Task Replay_UnknownEndpointModelOrVersion_Is404NamingIt(string? endpointName, string body, string message)
    {
        var (endpoint, model) = await LoggedEndpointAsync(requests: false);

        using var response = await PostAsync(endpointName ?? endpoint, body.Replace("MODEL", model, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static byte[] Classifier(float bias0) => OnnxModelBuilder.Classifier("x", 2, [1f, 0f, 0f, 1f], [bias0, 0f]).Build();

    private static string Row(float d) => string.Create(CultureInfo.InvariantCulture, $$"""{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP32","data":[0,{{d}}]}]}""");

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    // The endpoint serves the baseline classifier and logged one request per d, with request ids "{endpoint}/d={d}".
    private async Task<(string Endpoint, string Model)> LoggedEndpointAsync(string[]? redact = null, bool requests = true)
    {
        var name = TestModels.UniqueName("rp");
        await app.PushAsync(name, Classifier(0f));
        await app.CreateEndpointAsync(name, name, 1);
        using var logging = await app.CreateClient().PutAsJsonAsync(
            $"/api/v1/endpoints/{name}/logging", new InferenceLoggingDto(1, 30, redact), ModelplaneJsonContext.Default.InferenceLoggingDto, Ct);
        Assert.Equal(HttpStatusCode.OK, logging.StatusCode);
        if (requests)
        {
            foreach (var d in Ds)
            {
                using var response = await PredictAsync(name, string.Create(CultureInfo.InvariantCulture, $"{name}/d={d}"), Row(d));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            await WaitForRecordsAsync(name, Ds.Length);
        }

        return (name, name);
    }

    private async Task<string> PushShiftedAsync()
    {
        var name = TestModels.UniqueName("rp-shift");
        await app.PushAsync(name, Classifier(1f));
        return name;
    }

    private async Task<HttpResponseMessage> PredictAsync(string endpoint, string requestId, string body)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/models/{endpoint}/infer") { Content = Json(body) };
        request.Headers.Add("X-Request-Id", requestId);
        return await client.SendAsync(request, Ct);
    }

    private async Task<HttpResponseMessage> PostAsync(string endpoint, string body) =>
        await app.CreateClient().PostAsync($"/api/v1/endpoints/{endpoint}/replay", Json(body), Ct);

    private async Task<ReplayReportDto> ReplayAsync(string endpoint, ReplayRequest request)
    {
        using var response = await app.CreateClient().PostAsJsonAsync(
            $"/api/v1/endpoints/{endpoint}/replay", request, ModelplaneJsonContext.Default.ReplayRequest, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var report = (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.ReplayReportDto, Ct))!;
        Assert.Equal(endpoint, report.Endpoint);
        return report;
    }

    private async Task<string> MetricsAsync() => await app.CreateClient().GetStringAsync("/metrics", Ct);

    private static string[] EndpointSeries(string metrics, string endpoint) =>
        [.. metrics.Split('\n').Where(l => l.Contains($"endpoint=\"{endpoint}\"", StringComparison.Ordinal) && !l.Contains("_bucket{", StringComparison.Ordinal))];

    private async Task<IReadOnlyList<InferenceLogRecordDto>> QueryAsync(string endpoint) =>
        (await app.CreateClient().GetFromJsonAsync($"/api/v1/endpoints/{endpoint}/logs?limit=1000", ModelplaneJsonContext.Default.IReadOnlyListInferenceLogRecordDto, Ct))!;

    // The log's writer batches in the background: poll (bounded) until the records are there.
    private async Task WaitForRecordsAsync(string endpoint, int count)
    {
        var clock = Stopwatch.StartNew();
        while ((await QueryAsync(endpoint)).Count < count && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, Ct);
        }
    }
}
