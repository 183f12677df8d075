using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Registry.Models;
using Modelplane.Testing.Onnx;

namespace Modelplane.Server.Tests.Api;

public sealed class VersionExecutionApiTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static readonly BatchingSettingsDto Batching = new(8, 500, [4]);
    private readonly HttpClient _http = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ModelplaneClient Client => new(_http);

    [Fact]
    public async Task GetExecution_NothingSet_ShowsTheServerDefaults()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        var execution = await Client.GetExecutionAsync(model, "1", Ct);

        Assert.Equal(new ExecutionSettingsDto(), execution.Settings);
        Assert.Equal((1, 1, 256, null), (execution.Effective.IntraOpThreads, execution.Effective.InterOpThreads, execution.Effective.MaxQueue, execution.Effective.Batching));
    }

    [Fact]
    public async Task SetExecution_Batching_IsStoredAndInTheOipMetadata()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        var set = await Client.SetExecutionAsync(model, "1", new ExecutionSettingsDto(MaxQueue: 64, Batching: Batching), ct: Ct);
        var read = await Client.GetExecutionAsync(model, "1", Ct);
        var parameters = await MetadataParametersAsync(model);

        Assert.Equal((64, 8, 500L, "4"), (read.Settings.MaxQueue, read.Settings.Batching!.MaxBatchSize, read.Settings.Batching.MaxQueueDelayUs, string.Join(",", read.Settings.Batching.PreferredBatchSizes!)));
        Assert.Equal(set.Effective.MaxConcurrency, read.Effective.MaxConcurrency);
        Assert.Equal(("true", "8", "500", "4", "64"), (parameters["dynamic_batching"], parameters["max_batch_size"], parameters["max_queue_delay_microseconds"], parameters["preferred_batch_size"], parameters["max_queue"]));
    }

    [Fact]
    public async Task SetExecution_LoadedVersion_SwitchesItsRoutesToBatchingAndKeepsAnswering()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(0.5f));
        await app.CreateEndpointAsync(model, model, 1);
        Assert.Equal("false", (await MetadataParametersAsync(model))["dynamic_batching"]);

        await Client.SetExecutionAsync(model, "1", new ExecutionSettingsDto(Batching: new BatchingSettingsDto(8, 2000)), ct: Ct);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => InferAsync(model, i)));

        Assert.Equal("true", (await MetadataParametersAsync(model))["dynamic_batching"]);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => 6f * i + 0.5f), answers);
    }

    [Fact]
    public async Task SetExecution_FixedBatchDimension_Returns400SayingWhy()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, OnnxModelBuilder.Identity("x", TensorElementType.Float32, [1, 3], "y").Build());

        var (status, message) = await PutAsync(model, """{"batching":{"max_batch_size":8,"max_queue_delay_us":100}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            $"Execution settings for {model}@1 are not valid: batching cannot be turned on for {model}@1: input 'x' has shape [1, 3], " +
            "whose first dimension is not a dynamic batch dimension, so requests cannot be stacked along it.",
            message);
    }

    [Fact]
    public async Task SetExecution_MoreThreadsThanProcessors_NeedsForce()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());
        var body = $$"""{"intra_op_threads":{{Environment.ProcessorCount + 1}}}""";

        var (refused, message) = await PutAsync(model, body);
        var (forced, _) = await PutAsync(model, body, "?force=true");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.OK), (refused, forced));
        Assert.Contains($"intra_op_threads is {Environment.ProcessorCount + 1}; it must be between 0 and {Environment.ProcessorCount}", message, StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessorCount + 1, (await Client.GetExecutionAsync(model, "1", Ct)).Settings.IntraOpThreads);
    }

    [Theory]
    [InlineData("""{"batching":{"max_batch_size":0,"max_queue_delay_us":100}}""", "max_batch_size is 0; it must be between 1 and 1024.")]
    [InlineData("""{"batching":{"max_batch_size":8,"max_queue_delay_us":100,"preferred_batch_sizes":[16]}}""", "preferred_batch_sizes has 16; each must be between 1 and max_batch_size (8).")]
    [InlineData("""{"max_queue":4,"batching":{"max_batch_size":8,"max_queue_delay_us":100}}""", "max_queue is 4, less than max_batch_size (8)")]
    [InlineData("""{"max_concurency":2}""", "max_concurency")]
    public async Task SetExecution_InvalidSettings_Returns400NamingTheField(string body, string expected)
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        var (status, message) = await PutAsync(model, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Equal(new ExecutionSettingsDto(), (await Client.GetExecutionAsync(model, "1", Ct)).Settings);
    }

    [Fact]
    public async Task SetExecution_MissingVersion_Returns404()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3());

        var (status, message) = await PutAsync(model, "{}", version: "2");

        Assert.Equal((HttpStatusCode.NotFound, $"Model '{model}' has no version 2."), (status, message));
    }

    private async Task<(HttpStatusCode Status, string Message)> PutAsync(string model, string body, string query = "", string version = "1")
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.PutAsync($"/api/v1/models/{model}/versions/{version}/execution{query}", content, Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return (response.StatusCode, json.RootElement.TryGetProperty("error", out var error) ? error.GetString()! : "");
    }

    private async Task<IReadOnlyDictionary<string, string>> MetadataParametersAsync(string model)
    {
        var metadata = await _http.GetFromJsonAsync($"/v2/models/{model}", ModelplaneJsonContext.Default.OipModelMetadata, Ct);
        return metadata!.Parameters!;
    }

    private async Task<float> InferAsync(string model, int value)
    {
        using var content = new StringContent(TestModels.Request([value, value, value]), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync($"/v2/models/{model}/infer", content, Ct);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return json.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle();
    }
}
