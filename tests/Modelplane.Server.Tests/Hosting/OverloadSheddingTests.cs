using System.Net;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Modelplane.Server.Hosting.Overload;
using Modelplane.Server.Tests.Governance;
using Modelplane.Server.Tests.Grpc;
using Modelplane.Serving;

namespace Modelplane.Server.Tests.Hosting;

/// <summary>
/// A real server whose queue-delay monitor has no probe thread: the tests feed it the delays a probe would measure,
/// because a real standing queue on a shared 2-core test machine cannot be produced on cue. The monitor's own rule
/// and a real starved thread pool are covered by <see cref="QueueDelayMonitorTests"/>.
/// </summary>
public sealed class OverloadAppFactory : ModelplaneAppFactory
{
    internal QueueDelayMonitor Monitor { get; } = new(
        Options.Create(new ServingOptions { ShedQueueDelay = TimeSpan.FromMilliseconds(5), ShedWindow = TimeSpan.FromMilliseconds(50) }),
        TimeProvider.System,
        probe: false);

    /// <summary>Reports a standing queue (every probe 20 ms late for 60 ms), or a probe that came through at once.</summary>
    public void Overload(bool on)
    {
        var now = TimeProvider.System.GetTimestamp();
        var late = TimeProvider.System.TimestampFrequency / 50;
        if (on)
        {
            Monitor.Observe(late, now);
            Monitor.Observe(late, now + (TimeProvider.System.TimestampFrequency * 60 / 1000));
        }
        else
        {
            Monitor.Observe(0, now);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton(Monitor)));
    }
}

[Collection(nameof(RunsAlone))]
public sealed class OverloadSheddingTests(OverloadAppFactory app) : IClassFixture<OverloadAppFactory>, IDisposable
{
    private readonly HttpClient _client = app.CreateClient();

    public void Dispose()
    {
        app.Overload(false);
        _client.Dispose();
    }

    [Fact]
    public async Task Infer_WhileOverloaded_Is503WithRetryAfterAndNamesTheCause_AndServesAgainOnceTheQueueDrains()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(bias: 0));

        app.Overload(true);
        using (var refused = await PostAsync($"/v2/models/{model}/infer", TestModels.Request([1, 1, 1])))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            using var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Contains("overloaded", error.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        app.Overload(false);
        using var served = await PostAsync($"/v2/models/{model}/infer", TestModels.Request([1, 1, 1]));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        using var doc = JsonDocument.Parse(await served.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(6f, doc.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle());
    }

    [Fact]
    public async Task Overloaded_ShortQueueOrShortSpell_DoesNotShed()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        var now = TimeProvider.System.GetTimestamp();
        var ms = TimeProvider.System.TimestampFrequency / 1000;

        app.Monitor.Observe(20 * ms, now);
        app.Monitor.Observe(20 * ms, now + (40 * ms));  // above the target, but for less than the 50 ms window
        Assert.False(app.Monitor.Overloaded);
        using var served = await PostAsync($"/v2/models/{model}/infer", TestModels.Request([1, 1, 1]));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task MlflowInvocations_WhileOverloaded_Is503InMlflowsErrorShape()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        app.Overload(true);

        using var refused = await PostAsync($"/endpoints/{model}/invocations", """{"inputs":[[1,2,3]]}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        using var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("TEMPORARILY_UNAVAILABLE", error.RootElement.GetProperty("error_code").GetString());
        Assert.Contains("overloaded", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcModelInfer_WhileOverloaded_IsUnavailable()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        var client = GrpcTestClient.Create(app);
        app.Overload(true);

        var refused = await Assert.ThrowsAsync<RpcException>(
            () => client.ModelInferAsync(GrpcTestClient.Linear3(model, [1, 2, 3]), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("overloaded", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthMetadataAndManagement_WhileOverloaded_StillAnswer()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        app.Overload(true);

        using var ready = await _client.GetAsync("/v2/health/ready", TestContext.Current.CancellationToken);
        using var metadata = await _client.GetAsync($"/v2/models/{model}", TestContext.Current.CancellationToken);
        using var models = await _client.GetAsync("/api/v1/models", TestContext.Current.CancellationToken);
        using var metrics = await _client.GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK],
            new[] { ready.StatusCode, metadata.StatusCode, models.StatusCode, metrics.StatusCode });
    }

    [Fact]
    public async Task Shed_IsCountedInMetrics()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        var before = await ShedTotalAsync();
        app.Overload(true);

        for (var i = 0; i < 3; i++)
        {
            using var refused = await PostAsync($"/v2/models/{model}/infer", TestModels.Request([1, 1, 1]));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        app.Overload(false);
        Assert.Equal(before + 3, await ShedTotalAsync());
    }

    [Theory]
    [InlineData("POST", "/v2/models/m/infer", "Oip")]
    [InlineData("POST", "/v2/models/m/versions/2/infer", "Oip")]
    [InlineData("POST", "/endpoints/m/invocations", "Mlflow")]
    [InlineData("POST", "/inference.GRPCInferenceService/ModelInfer", "Grpc")]
    [InlineData("GET", "/v2/models/m/infer", "Other")]
    [InlineData("POST", "/v2/repository/models/m/load", "Other")]
    [InlineData("POST", "/inference.GRPCInferenceService/ServerReady", "Other")]
    [InlineData("POST", "/api/v1/endpoints", "Other")]
    public void Classify_OnlyInferenceCallsCanBeShed(string method, string path, string expected) =>
        Assert.Equal(expected, OverloadShedding.Classify(method, path).ToString());

    private async Task<HttpResponseMessage> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await _client.PostAsync(path, content, TestContext.Current.CancellationToken);
    }

    private async Task<long> ShedTotalAsync()
    {
        var text = await _client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("modelplane_overload_shed_total", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
