using System.Net;
using System.Net.Http.Json;
using System.Text;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Server.Tests.Oip;

public sealed class StatisticsTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stats_AfterTraffic_CountSuccessesFailuresRowsAndBatchSizes()
    {
        var model = TestModels.UniqueName("stats");
        await app.PushAsync(model, TestModels.Linear3());
        var client = app.CreateClient();
        await InferAsync(client, model, TestModels.Request([1, 2, 3]), HttpStatusCode.OK);
        await InferAsync(client, model, TestModels.Request([1, 2, 3]), HttpStatusCode.OK);
        await InferAsync(client, model, TestModels.Request([1, 2, 3], [4, 5, 6]), HttpStatusCode.OK);
        await InferAsync(client, model, """{"inputs":[{"name":"x","shape":[1,3],"datatype":"INT64","data":[1,2,3]}]}""", HttpStatusCode.BadRequest);

        var stats = await GetAsync(client, $"/v2/models/{model}/stats");

        var version = Assert.Single(stats.ModelStats);
        Assert.Equal((model, "1"), (version.Name, version.Version));
        Assert.Equal(3, version.InferenceStats.Success.Count);
        Assert.Equal(1, version.InferenceStats.Fail.Count);
        Assert.Equal(4, version.InferenceCount);
        Assert.Equal(3, version.ExecutionCount);
        Assert.Equal([(1L, 2L), (2L, 1L)], version.BatchStats.Select(b => (b.BatchSize, b.ComputeInfer.Count)));
        Assert.True(version.InferenceStats.ComputeInfer.Ns > 0);
        Assert.True(version.InferenceStats.Success.Ns >= version.InferenceStats.ComputeInfer.Ns);
        Assert.True(version.LastInference > 0);
    }

    [Fact]
    public async Task Stats_ForOneVersion_ListOnlyThatVersion()
    {
        var model = TestModels.UniqueName("stats");
        await app.PushAsync(model, TestModels.Linear3());
        await app.PushAsync(model, TestModels.Linear3(bias: 2));
        var client = app.CreateClient();
        await InferAsync(client, model + "/versions/1", TestModels.Request([1, 2, 3]), HttpStatusCode.OK);
        await InferAsync(client, model + "/versions/2", TestModels.Request([1, 2, 3]), HttpStatusCode.OK);
        await InferAsync(client, model + "/versions/2", TestModels.Request([1, 2, 3]), HttpStatusCode.OK);

        var all = await GetAsync(client, $"/v2/models/{model}/stats");
        var two = await GetAsync(client, $"/v2/models/{model}/versions/2/stats");

        Assert.Equal([("1", 1L), ("2", 2L)], all.ModelStats.Select(s => (s.Version, s.InferenceStats.Success.Count)));
        Assert.Equal(("2", 2L), (Assert.Single(two.ModelStats).Version, two.ModelStats[0].InferenceStats.Success.Count));
    }

    [Fact]
    public async Task Stats_ForEndpointName_ReportTheEndpointsModel()
    {
        var model = TestModels.UniqueName("stats");
        var endpoint = TestModels.UniqueName("ep");
        await app.PushAsync(model, TestModels.Linear3());
        await app.CreateEndpointAsync(endpoint, model, 1);
        var client = app.CreateClient();
        await InferAsync(client, endpoint, TestModels.Request([1, 2, 3]), HttpStatusCode.OK);

        var stats = await GetAsync(client, $"/v2/models/{endpoint}/stats");

        Assert.Equal((model, 1L), (Assert.Single(stats.ModelStats).Name, stats.ModelStats[0].InferenceStats.Success.Count));
    }

    [Theory]
    [InlineData("/v2/models/no-such-model/stats", "Model 'no-such-model' not found: no endpoint or model has that name.")]
    [InlineData("/v2/models/{model}/versions/9/stats", "Model '{model}' has no version '9'.")]
    public async Task Stats_UnknownModelOrVersion_Returns404Naming(string path, string message)
    {
        var model = TestModels.UniqueName("stats");
        await app.PushAsync(model, TestModels.Linear3());

        using var response = await app.CreateClient().GetAsync(path.Replace("{model}", model, StringComparison.Ordinal), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.ErrorDto, Ct);
        Assert.Equal(message.Replace("{model}", model, StringComparison.Ordinal), error!.Error);
    }

    private static async Task InferAsync(HttpClient client, string model, string body, HttpStatusCode expected)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync($"/v2/models/{model}/infer", content, Ct);
        Assert.Equal(expected, response.StatusCode);
    }

    private static async Task<OipModelStatisticsResponse> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(ModelplaneJsonContext.Default.OipModelStatisticsResponse, Ct))!;
    }
}
