using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Testing.Onnx;

namespace Modelplane.Server.Tests.Api;

/// <summary>
/// Shadow, cascade and fallback through the real HTTP stack: a failing or sleeping shadow changes nothing for callers
/// and its agreement is measured; a cascade's cheap version answers only when sure enough; a fallback answers for a
/// failing version; bad policies are refused naming the problem.
/// </summary>
public sealed class EndpointPolicyTests(FaultInjectionAppFactory app) : IClassFixture<FaultInjectionAppFactory>
{
    private static readonly float[] SureZero = [5, 0];
    private static readonly float[] UnsureZero = [1, 0];
    private static readonly float[] One = [0, 1];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FailingShadow_CallersGetTheChampionsAnswers_AndFailuresAreCounted()
    {
        var model = await EndpointWithTwoVersionsAsync(secondBias: 1.5f);
        app.Fail(model, 2);
        await SetPoliciesAsync(model, new EndpointPoliciesDto(Shadow: new ShadowPolicyDto(model, 2, 100)));

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(($"{model}@1", 6.5f), await PredictAsync(model, [1, 1, 1]));
        }

        var shadow = await WaitForShadowAsync(model, s => s.Failed + s.Dropped == 100);
        Assert.Equal((100, 0), (shadow.Mirrored + shadow.Dropped, shadow.Compared));
    }

    [Fact]
    public async Task ShadowThatSleepsFiveSeconds_DoesNotHoldCallers()
    {
        var model = await EndpointWithTwoVersionsAsync(secondBias: 1.5f);
        app.Delay(model, 2, TimeSpan.FromSeconds(5));
        await SetPoliciesAsync(model, new EndpointPoliciesDto(Shadow: new ShadowPolicyDto(model, 2, 100)));

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(($"{model}@1", 6.5f), await PredictAsync(model, [1, 1, 1]));
        }

        // On the caller's path, 20 mirrored requests would take 100 s; off it, they take what 20 plain requests take.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"20 requests took {clock.Elapsed.TotalSeconds:F1} s beside a 5 s shadow");
        // A bounded number of copies run at once per shadow; the rest are dropped and counted rather than queued behind a sleeper.
        var shadow = await ShadowStatsAsync(model);
        Assert.Equal(20, shadow.Mirrored + shadow.Dropped);
        Assert.InRange(shadow.Mirrored, 1, Modelplane.Server.Oip.ShadowMirror.MaxInFlightPerShadow);
    }

    [Fact]
    public async Task ShadowAgreement_ScoresDifferByTheBiasDifference()
    {
        var model = await EndpointWithTwoVersionsAsync(secondBias: 1.5f);
        await SetPoliciesAsync(model, new EndpointPoliciesDto(Shadow: new ShadowPolicyDto(model, 2, 100)));

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(($"{model}@1", 6.5f), await PredictAsync(model, [1, 1, 1]));
        }

        var shadow = await WaitForShadowAsync(model, s => s.Compared == 50);
        Assert.Equal(1.0, shadow.MeanAbsoluteScoreDifference); // 7.5 - 6.5 on every request
        Assert.Null(shadow.LabelMatchRate); // a regressor has no labels
    }

    [Fact]
    public async Task ShadowAgreement_ClassLabelsMatchWhereBothModelsAgree()
    {
        var model = TestModels.UniqueName("shadow");
        await app.PushAsync(model, OnnxModelBuilder.Classifier("x", 2, [1, 0, 0, 1], [0, 0]).Build());
        await app.PushAsync(model, OnnxModelBuilder.Classifier("x", 2, [1, 0, 0, 1], [0, 3]).Build()); // class 1 wins unless x0 > x1 + 3
        await app.CreateEndpointAsync(model, model, 1);
        await SetPoliciesAsync(model, new EndpointPoliciesDto(Shadow: new ShadowPolicyDto(model, 2, 100)));

        // x0 - x1 = 5 on 30 requests (both say 0), 1 on 10 requests (champion 0, challenger 1), -1 on 10 (both say 1).
        float[][] rows = [.. Enumerable.Repeat(SureZero, 30), .. Enumerable.Repeat(UnsureZero, 10), .. Enumerable.Repeat(One, 10)];
        foreach (var row in rows)
        {
            await PredictAsync(model, row);
        }

        var shadow = await WaitForShadowAsync(model, s => s.Compared == 50);
        Assert.Equal(40 / 50.0, shadow.LabelMatchRate);
    }

    [Fact]
    public async Task Cascade_CheapVersionAnswersAtOrAboveTheThreshold_OtherwiseEscalates()
    {
        var model = TestModels.UniqueName("cascade");
        var cheap = TestModels.UniqueName("cheap");
        await app.PushAsync(model, OnnxModelBuilder.Classifier("x", 2, [1, 0, 0, 1], [0, 0]).Build());
        await app.PushAsync(cheap, OnnxModelBuilder.Classifier("x", 2, [1, 0, 0, 1], [0, 0]).Build());
        await app.CreateEndpointAsync(model, model, 1);
        await SetPoliciesAsync(model, new EndpointPoliciesDto(Cascade: new CascadePolicyDto(cheap, 1, 0.9)));

        // softmax(4, 0) = 0.982 ≥ 0.9: the cheap version answers; softmax(1, 0) = 0.731 and softmax(0.5, 0.5) = 0.5 escalate.
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal($"{cheap}@1", (await PredictAsync(model, [4, 0])).Version);
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal($"{model}@1", (await PredictAsync(model, [1, 0])).Version);
            Assert.Equal($"{model}@1", (await PredictAsync(model, [0.5f, 0.5f])).Version);
        }

        var cascade = (await GetEndpointAsync(model)).PolicyStats!.Cascade!;
        Assert.Equal((6L, 6L, 0.5), (cascade.Answered, cascade.Escalated, cascade.EscalatedShare));
    }

    [Fact]
    public async Task Fallback_AnswersForAFailingVersion_AndIsCounted()
    {
        var model = await EndpointWithTwoVersionsAsync(secondBias: 100.5f);
        await PointAtAsync(model, 2);

        await SetPoliciesAsync(model, new EndpointPoliciesDto(Fallback: new FallbackPolicyDto(model, 1)));
        Assert.Equal(($"{model}@2", 106.5f), await PredictAsync(model, [1, 1, 1]));

        app.Fail(model, 2);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(($"{model}@1", 6.5f), await PredictAsync(model, [1, 1, 1]));
        }

        Assert.Equal(10, (await GetEndpointAsync(model)).PolicyStats!.FallbackUsed);
    }

    [Fact]
    public async Task Fallback_FailureCountsAgainstTheVersion_NotAgainstTheEndpointsAvailability()
    {
        var model = await EndpointWithTwoVersionsAsync(secondBias: 100.5f);
        await PointAtAsync(model, 2);
        await SetPoliciesAsync(model, new EndpointPoliciesDto(Fallback: new FallbackPolicyDto(model, 1)));
        app.Fail(model, 2);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(($"{model}@1", 6.5f), await PredictAsync(model, [1, 1, 1]));
        }

        var metrics = Modelplane.Testing.Metrics.Exposition.Parse(await app.CreateClient().GetStringAsync("/metrics", Ct));
        Assert.Equal(10, metrics.Value("modelplane_inference_requests_total", ("endpoint", model), ("version", "2"), ("status_class", "5xx")));
        Assert.Equal(10, metrics.Value("modelplane_inference_requests_total", ("endpoint", model), ("version", "1"), ("status_class", "2xx")));
        // Every caller was answered: ten events, none bad, for the endpoint's objectives.
        (string, string)[] availability = [("endpoint", model), ("objective", "availability")];
        Assert.Equal((10, 0), (metrics.Value("modelplane_slo_events_total", availability), metrics.Value("modelplane_slo_bad_events_total", availability)));
    }

    [Fact]
    public async Task Fallback_AnswersForAVersionThatTimesOut()
    {
        var model = await EndpointWithTwoVersionsAsync(secondBias: 100.5f);
        await PointAtAsync(model, 2);

        using (var execution = await app.CreateClient().PutAsync(
            $"/api/v1/models/{model}/versions/2/execution", new StringContent("""{"max_concurrency":1,"max_queue":4}""", Encoding.UTF8, "application/json"), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, execution.StatusCode);
        }

        await SetPoliciesAsync(model, new EndpointPoliciesDto(Fallback: new FallbackPolicyDto(model, 1)));
        app.Hold(model, 2, TimeSpan.FromSeconds(2));

        // The first request takes version 2's only slot for 2 s; the second waits for it at most 200 ms (504 from the
        // runner's queue), and the fallback answers it instead.
        var holding = PredictAsync(model, [1, 1, 1]);
        await Task.Delay(300, Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/models/{model}/infer")
        {
            Content = new StringContent(TestModels.Request([1, 1, 1]), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Modelplane-Timeout-Ms", "200");
        using var timedOut = await app.CreateClient().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, timedOut.StatusCode);
        Assert.Equal($"{model}@1", timedOut.Headers.GetValues("X-Modelplane-Version").Single());
        Assert.Equal(($"{model}@2", 106.5f), await holding);
        Assert.Equal(1, (await GetEndpointAsync(model)).PolicyStats!.FallbackUsed);
    }

    [Fact]
    public async Task WithoutFallback_AFailingVersionIs500()
    {
        var model = await EndpointWithTwoVersionsAsync(secondBias: 100.5f);
        app.Fail(model, 1);

        using var response = await app.CreateClient().PostAsync(
            $"/v2/models/{model}/infer", new StringContent(TestModels.Request([1, 1, 1]), Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task PoliciesArePersisted_AndShownWithTheEndpoint_AndReplacedAsAWhole()
    {
        var model = await EndpointWithTwoVersionsAsync(secondBias: 1.5f);
        var set = await SetPoliciesAsync(model, new EndpointPoliciesDto(new ShadowPolicyDto(model, 2, 20), null, new FallbackPolicyDto(model, 2)));
        Assert.Equal(new EndpointPoliciesDto(new ShadowPolicyDto(model, 2, 20), null, new FallbackPolicyDto(model, 2)), set.Policies);
        Assert.Equal(set.Policies, (await GetEndpointAsync(model)).Policies);

        var cleared = await SetPoliciesAsync(model, new EndpointPoliciesDto());
        Assert.Equal(new EndpointPoliciesDto(), cleared.Policies);
        Assert.Null((await GetEndpointAsync(model)).PolicyStats);
    }

    [Fact]
    public async Task VersionUsedAsShadow_CannotBeDeleted()
    {
        var model = await EndpointWithTwoVersionsAsync(secondBias: 1.5f);
        await SetPoliciesAsync(model, new EndpointPoliciesDto(Shadow: new ShadowPolicyDto(model, 2, 10)));

        using var delete = await app.CreateClient().DeleteAsync($"/api/v1/models/{model}/versions/2", Ct);

        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Contains($"endpoint '{model}' serves version 2", await delete.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"shadow":{"model":"M","version":2,"percent":0}}""", 400, "The shadow share of M@2 is 0%")]
    [InlineData("""{"shadow":{"model":"M","version":2,"percent":101}}""", 400, "it is a whole percent from 1 to 100")]
    [InlineData("""{"cascade":{"model":"M","version":2,"threshold":1.5}}""", 400, "The cascade threshold of M@2 is 1.5")]
    [InlineData("""{"cascade":{"model":"M","version":2,"threshold":0}}""", 400, "a probability above 0 and at most 1")]
    [InlineData("""{"fallback":{"version":2}}""", 400, "The fallback needs a model and a version of 1 or more")]
    [InlineData("""{"fallback":{"model":"M","version":9}}""", 404, "The fallback version M@9 does not exist")]
    [InlineData("""{"shadow":"lots"}""", 400, "")]
    public async Task BadPolicies_AreRefusedNamingTheProblem(string body, int status, string message)
    {
        var model = await EndpointWithTwoVersionsAsync(secondBias: 1.5f);

        using var response = await app.CreateClient().PutAsync(
            $"/api/v1/endpoints/{model}/policies", new StringContent(body.Replace("\"M\"", $"\"{model}\"", StringComparison.Ordinal), Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(message.Replace("M@", $"{model}@", StringComparison.Ordinal), await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(new EndpointPoliciesDto(), (await GetEndpointAsync(model)).Policies);
    }

    [Fact]
    public async Task UnknownEndpoint_Is404()
    {
        using var response = await app.CreateClient().PutAsJsonAsync(
            "/api/v1/endpoints/no-such-endpoint/policies", new EndpointPoliciesDto(), ModelplaneJsonContext.Default.EndpointPoliciesDto, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Endpoint 'no-such-endpoint' not found.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>A model with versions 1 (bias 0.5) and 2 and an endpoint of the same name on version 1.</summary>
    private async Task<string> EndpointWithTwoVersionsAsync(float secondBias)
    {
        var model = TestModels.UniqueName("policy");
        await app.PushAsync(model, TestModels.Linear3(0.5f));
        await app.PushAsync(model, TestModels.Linear3(secondBias));
        await app.CreateEndpointAsync(model, model, 1);
        return model;
    }

    private async Task PointAtAsync(string endpoint, int version)
    {
        using var set = await app.CreateClient().PutAsJsonAsync(
            $"/api/v1/endpoints/{endpoint}", new SetEndpointTargetRequest(endpoint, version), ModelplaneJsonContext.Default.SetEndpointTargetRequest, Ct);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
    }

    private async Task<EndpointDto> SetPoliciesAsync(string endpoint, EndpointPoliciesDto policies)
    {
        using var response = await app.CreateClient().PutAsJsonAsync($"/api/v1/endpoints/{endpoint}/policies", policies, ModelplaneJsonContext.Default.EndpointPoliciesDto, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.EndpointDto, Ct))!;
    }

    private async Task<EndpointDto> GetEndpointAsync(string endpoint) =>
        (await app.CreateClient().GetFromJsonAsync($"/api/v1/endpoints/{endpoint}", ModelplaneJsonContext.Default.EndpointDto, Ct))!;

    private async Task<ShadowStatsDto> ShadowStatsAsync(string endpoint) => (await GetEndpointAsync(endpoint)).PolicyStats!.Shadow!;

    // Shadow copies run after the callers were answered: poll their figures until they settle (bounded).
    private async Task<ShadowStatsDto> WaitForShadowAsync(string endpoint, Func<ShadowStatsDto, bool> settled)
    {
        var clock = Stopwatch.StartNew();
        var stats = await ShadowStatsAsync(endpoint);
        while (!settled(stats) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, Ct);
            stats = await ShadowStatsAsync(endpoint);
        }

        Assert.True(settled(stats), $"shadow figures did not settle: {stats}");
        return stats;
    }

    private async Task<(string Version, float Output)> PredictAsync(string endpoint, float[] row)
    {
        var body = $$"""{"inputs":[{"name":"x","shape":[1,{{row.Length}}],"datatype":"FP32","data":[{{string.Join(",", row.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)))}}]}]}""";
        using var response = await app.CreateClient().PostAsync($"/v2/models/{endpoint}/infer", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        var first = json.RootElement.GetProperty("outputs")[0];
        var output = first.GetProperty("datatype").GetString() == "FP32" ? first.GetProperty("data")[0].GetSingle() : float.NaN;
        return (response.Headers.GetValues("X-Modelplane-Version").Single(), output);
    }
}
