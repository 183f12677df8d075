using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Api;

/// <summary>
/// The inference log through the real HTTP stack: sampled predictions are written off the hot path with nothing lost,
/// kept with inputs (redacted fields as keyed hashes), outputs, version, route and caller, read back by request id,
/// exported as CSV and Parquet, and joined with labels that arrive later.
/// </summary>
public sealed class InferenceLogTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryRequestLogged_CountWrittenEqualsCountServed_NothingDropped()
    {
        var endpoint = await EndpointAsync();
        await SetLoggingAsync(endpoint, new InferenceLoggingDto(1, 30));
        var served = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, 2000), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (_, ct) =>
        {
            using var response = await PredictAsync(endpoint, requestId: null, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Interlocked.Increment(ref served);
        });

        var logged = await WaitForRecordsAsync(endpoint, 2000);
        Assert.Equal(served, logged.Count);
        Assert.Equal(2000, logged.Select(r => r.RequestId).Distinct().Count());
        var metrics = await app.CreateClient().GetStringAsync("/metrics", Ct);
        Assert.DoesNotContain("modelplane_inference_log_dropped_total{", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoggedRecord_KeepsInputsOutputsVersionRouteAndCaller_UnderTheCallersRequestId()
    {
        var endpoint = await EndpointAsync();
        await SetLoggingAsync(endpoint, new InferenceLoggingDto(1, 30));

        using (var response = await PredictAsync(endpoint, "order-17", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var record = Assert.Single(await WaitForRecordsAsync(endpoint, 1, "order-17"));
        Assert.Equal(("order-17", endpoint, 1, 200, "direct", "admin"), (record.RequestId, record.Model, record.Version, record.Status, record.Route, record.Caller));
        Assert.Equal("""[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,1,1]}]""", record.Inputs.GetRawText());
        Assert.Equal(6.5f, record.Outputs!.Value[0].GetProperty("data")[0].GetSingle());
        Assert.True(record.LatencyMs > 0);
    }

    [Fact]
    public async Task WithoutARequestId_TheServersIdIsAnswered_AndFindsTheRecord()
    {
        var endpoint = await EndpointAsync();
        await SetLoggingAsync(endpoint, new InferenceLoggingDto(1, 30));

        using var response = await PredictAsync(endpoint, requestId: null, Ct);
        var id = response.Headers.GetValues("X-Request-Id").Single();

        Assert.Equal(id, Assert.Single(await WaitForRecordsAsync(endpoint, 1, id)).RequestId);
    }

    [Fact]
    public async Task RedactedInput_IsKeptAsAKeyedHash_EqualValuesGroupTogether()
    {
        var endpoint = await EndpointAsync();
        await SetLoggingAsync(endpoint, new InferenceLoggingDto(1, 30, ["x"]));

        (await PredictAsync(endpoint, "a", Ct)).Dispose();
        (await PredictAsync(endpoint, "b", Ct)).Dispose();

        var records = await WaitForRecordsAsync(endpoint, 2);
        var hashes = records.Select(r => r.Inputs[0].GetProperty("data").GetProperty("redacted").GetString()!).ToArray();
        Assert.All(hashes, h => Assert.StartsWith("hmac-sha256:", h, StringComparison.Ordinal));
        Assert.Equal(hashes[0], hashes[1]);
        Assert.All(records, r => Assert.DoesNotContain("[1,1,1]", r.Inputs.GetRawText(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task SampleRate_LogsAboutThatShare()
    {
        var endpoint = await EndpointAsync();
        await SetLoggingAsync(endpoint, new InferenceLoggingDto(0.1, 30));

        for (var i = 0; i < 1000; i++)
        {
            (await PredictAsync(endpoint, requestId: null, Ct)).Dispose();
        }

        await Task.Delay(500, Ct);
        var count = (await QueryAsync(endpoint, "limit=100000")).Count;
        Assert.InRange(count, 60, 140); // 10% of 1,000: 100 ± 4 standard deviations
    }

    [Fact]
    public async Task Labels_MatchedByRequestId_UnknownIdsCountedAsUnmatched()
    {
        var endpoint = await EndpointAsync();
        await SetLoggingAsync(endpoint, new InferenceLoggingDto(1, 30));
        (await PredictAsync(endpoint, "r-1", Ct)).Dispose();
        await WaitForRecordsAsync(endpoint, 1, "r-1");

        using var batch = await app.CreateClient().PostAsync($"/api/v1/endpoints/{endpoint}/labels",
            Json("""{"labels":[{"requestId":"r-1","label":7.0},{"requestId":"never-logged","label":"yes"}]}"""), Ct);
        using var single = await app.CreateClient().PostAsync($"/api/v1/endpoints/{endpoint}/labels", Json("""{"requestId":"r-1","label":7.5}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.Equal(new LabelResultDto(2, 1, 1), await batch.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.LabelResultDto, Ct));
        Assert.Equal(new LabelResultDto(1, 1, 0), await single.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.LabelResultDto, Ct));
    }

    [Theory]
    [InlineData("""{"labels":[]}""", "got 0")]
    [InlineData("""{"labels":[{"label":1}]}""", "Label 0 needs a requestId")]
    [InlineData("""{"labels":[{"requestId":"a"}]}""", "Label 0 needs a requestId (1-128 characters) and a label")]
    [InlineData("""not json""", "")]
    public async Task MalformedLabels_Are400(string body, string message)
    {
        var endpoint = await EndpointAsync();

        using var response = await app.CreateClient().PostAsync($"/api/v1/endpoints/{endpoint}/labels", Json(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_CsvAndParquet()
    {
        var endpoint = await EndpointAsync();
        await SetLoggingAsync(endpoint, new InferenceLoggingDto(1, 30));
        for (var i = 0; i < 3; i++)
        {
            (await PredictAsync(endpoint, $"e-{i}", Ct)).Dispose();
        }

        await WaitForRecordsAsync(endpoint, 3);
        var csv = await app.CreateClient().GetStringAsync($"/api/v1/endpoints/{endpoint}/logs?format=csv", Ct);
        var parquet = await app.CreateClient().GetByteArrayAsync($"/api/v1/endpoints/{endpoint}/logs?format=parquet", Ct);

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length); // a header and three records
        Assert.StartsWith("request_id,", lines[0], StringComparison.Ordinal);
        Assert.Equal("PAR1"u8.ToArray(), parquet[..4]);
        Assert.Equal("PAR1"u8.ToArray(), parquet[^4..]);
    }

    [Theory]
    [InlineData("""{"sampleRate":1.5,"retentionDays":30}""", "sample rate is 1.5")]
    [InlineData("""{"sampleRate":-0.1,"retentionDays":30}""", "sample rate is -0.1")]
    [InlineData("""{"sampleRate":0.5,"retentionDays":0}""", "retentionDays is 0")]
    [InlineData("""{"sampleRate":0.5,"retentionDays":30,"redact":[""]}""", "must be 1-128 characters")]
    public async Task BadLoggingSettings_Are400(string body, string message)
    {
        var endpoint = await EndpointAsync();

        using var response = await app.CreateClient().PutAsync($"/api/v1/endpoints/{endpoint}/logging", Json(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownEndpoint_Is404_ForSettingsLogsAndLabels()
    {
        using var settings = await app.CreateClient().PutAsync("/api/v1/endpoints/nope/logging", Json("""{"sampleRate":1,"retentionDays":1}"""), Ct);
        using var logs = await app.CreateClient().GetAsync("/api/v1/endpoints/nope/logs", Ct);
        using var labels = await app.CreateClient().PostAsync("/api/v1/endpoints/nope/labels", Json("""{"requestId":"a","label":1}"""), Ct);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { settings.StatusCode, logs.StatusCode, labels.StatusCode });
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<string> EndpointAsync()
    {
        var name = TestModels.UniqueName("log");
        await app.PushAsync(name, TestModels.Linear3(0.5f));
        await app.CreateEndpointAsync(name, name, 1);
        return name;
    }

    private async Task SetLoggingAsync(string endpoint, InferenceLoggingDto settings)
    {
        using var response = await app.CreateClient().PutAsJsonAsync($"/api/v1/endpoints/{endpoint}/logging", settings, ModelplaneJsonContext.Default.InferenceLoggingDto, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(settings, (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.EndpointDto, Ct))!.Logging);
    }

    private async Task<HttpResponseMessage> PredictAsync(string endpoint, string? requestId, CancellationToken ct)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/models/{endpoint}/infer") { Content = Json(TestModels.Request([1, 1, 1])) };
        if (requestId is not null)
        {
            request.Headers.Add("X-Request-Id", requestId);
        }

        return await client.SendAsync(request, ct);
    }

    private async Task<IReadOnlyList<InferenceLogRecordDto>> QueryAsync(string endpoint, string query) =>
        (await app.CreateClient().GetFromJsonAsync($"/api/v1/endpoints/{endpoint}/logs?{query}", ModelplaneJsonContext.Default.IReadOnlyListInferenceLogRecordDto, Ct))!;

    // The writer batches in the background: poll (bounded) until the expected records are there.
    private async Task<IReadOnlyList<InferenceLogRecordDto>> WaitForRecordsAsync(string endpoint, int count, string? requestId = null)
    {
        var query = requestId is null ? "limit=100000" : $"request_id={Uri.EscapeDataString(requestId)}";
        var clock = Stopwatch.StartNew();
        var records = await QueryAsync(endpoint, query);
        while (records.Count < count && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, Ct);
            records = await QueryAsync(endpoint, query);
        }

        return records;
    }
}
