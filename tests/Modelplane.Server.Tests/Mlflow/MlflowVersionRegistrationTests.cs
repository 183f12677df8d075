using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Registry.Tracking.Artifacts;
using static Modelplane.Server.Tests.Mlflow.MlflowHttp;

namespace Modelplane.Server.Tests.Mlflow;

/// <summary>model-versions/create from an MLflow model directory in the run artifact store, through to OIP inference.</summary>
public sealed class MlflowVersionRegistrationTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    // What mlflow.onnx.log_model writes, trimmed to the keys that matter.
    private const string OnnxMlmodel = """
        artifact_path: model
        flavors:
          onnx:
            code: null
            data: model.onnx
            onnx_version: 1.16.0
            providers: [CPUExecutionProvider]
          python_function:
            data: model.onnx
            env: {conda: conda.yaml, virtualenv: python_env.yaml}
            loader_module: mlflow.onnx
            python_version: 3.11.6
        mlflow_version: 2.17.0
        """;

    private const string SklearnMlmodel = """
        flavors:
          python_function: {loader_module: mlflow.sklearn, model_path: model.pkl}
          sklearn: {pickled_model: model.pkl, sklearn_version: 1.5.2}
        """;

    private readonly MlflowHttp _api = new(app.CreateClient());
    private readonly HttpClient _client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_FromRunsUriWithOnnxFlavor_ServesTheModelAndLinksTheRun()
    {
        var (runId, root) = await LoggedRunAsync();
        await WriteAsync($"{root}/model/MLmodel", Encoding.UTF8.GetBytes(OnnxMlmodel));
        await WriteAsync($"{root}/model/model.onnx", TestModels.Linear3(bias: 4));
        var name = await RegisterAsync();

        var version = (await _api.OkAsync("/model-versions/create", $$"""{"name":"{{name}}","source":"runs:/{{runId}}/model","run_id":"{{runId}}","description":"from mlflow"}"""))
            .GetProperty("model_version");

        Assert.Equal(("1", $"runs:/{runId}/model", runId, "READY", "alice"), (
            version.GetProperty("version").GetString(), version.GetProperty("source").GetString(), version.GetProperty("run_id").GetString(),
            version.GetProperty("status").GetString(), version.GetProperty("user_id").GetString()));
        Assert.Equal(1f * 1 + 2 * 2 + 3 * 3 + 4, await PredictAsync(name, 1));
        using var pushed = JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/models/{name}/versions/1", Ct));
        Assert.Equal(0.91, pushed.RootElement.GetProperty("metrics").GetProperty("auc").GetDouble());
        Assert.Equal("0.1", pushed.RootElement.GetProperty("params").GetProperty("lr").GetString());
        using var lineage = JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/models/{name}/versions/1/lineage", Ct));
        var edges = lineage.RootElement.GetProperty("edges").EnumerateArray()
            .Select(e => (e.GetProperty("from").GetString(), e.GetProperty("to").GetString(), e.GetProperty("type").GetString())).ToList();
        Assert.Equal(
            [($"version:{name}@1", $"run:{runId}", "produced_by"), ($"run:{runId}", "dataset:mlflow:train:d1g3st", "used")],
            edges);
    }

    [Fact]
    public async Task Create_FromMlflowArtifactsUri_ReturnsDownloadUriOfTheModelDirectory()
    {
        var (runId, root) = await LoggedRunAsync();
        await WriteAsync($"{root}/clf/MLmodel", Encoding.UTF8.GetBytes(OnnxMlmodel));
        await WriteAsync($"{root}/clf/model.onnx", TestModels.Linear3());
        var name = await RegisterAsync();

        await _api.OkAsync("/model-versions/create", $$"""{"name":"{{name}}","source":"mlflow-artifacts:/{{root}}/clf","run_id":"{{runId}}"}""");
        var uri = (await _api.GetAsync($"/model-versions/get-download-uri?name={name}&version=1")).Body.GetProperty("artifact_uri").GetString();

        Assert.Equal($"mlflow-artifacts:/{root}/clf", uri);
        Assert.Equal(14.5f, await PredictAsync(name, 1));
    }

    [Fact]
    public async Task Create_SourceIsOnnxFile_RegistersIt()
    {
        var (_, root) = await LoggedRunAsync();
        await WriteAsync($"{root}/exported.onnx", TestModels.Linear3(bias: 0));
        var name = await RegisterAsync();

        await _api.OkAsync("/model-versions/create", $$"""{"name":"{{name}}","source":"mlflow-artifacts:/{{root}}/exported.onnx"}""");

        Assert.Equal(14f, await PredictAsync(name, 1));
    }

    [Fact]
    public async Task Create_SklearnOnlyModel_Returns400NamingFlavorsAndNothingIsRegistered()
    {
        var (runId, root) = await LoggedRunAsync();
        await WriteAsync($"{root}/model/MLmodel", Encoding.UTF8.GetBytes(SklearnMlmodel));
        await WriteAsync($"{root}/model/model.pkl", [1, 2, 3]);
        var name = await RegisterAsync();

        var response = await _api.PostAsync("/model-versions/create", $$"""{"name":"{{name}}","source":"runs:/{{runId}}/model"}""");

        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", response, "sklearn");
        Assert.Contains("mlflow.onnx.log_model", response.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False((await _api.GetAsync($"/registered-models/get?name={name}")).Body.GetProperty("registered_model").TryGetProperty("latest_versions", out _));
    }

    [Fact]
    public async Task Create_OnnxFlavorWithCorruptModel_Returns400AndRegistersNothing()
    {
        var (runId, root) = await LoggedRunAsync();
        await WriteAsync($"{root}/model/MLmodel", Encoding.UTF8.GetBytes(OnnxMlmodel));
        await WriteAsync($"{root}/model/model.onnx", Encoding.UTF8.GetBytes("not a protobuf"));
        var name = await RegisterAsync();

        var (status, _, text) = await _api.PostAsync("/model-versions/create", $$"""{"name":"{{name}}","source":"runs:/{{runId}}/model"}""");

        Assert.True(status == HttpStatusCode.BadRequest, text);
        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", await _api.GetAsync($"/model-versions/get?name={name}&version=1"));
    }

    [Theory]
    [InlineData("s3://bucket/model", HttpStatusCode.BadRequest, "runs:/")]
    [InlineData("file:///etc/passwd", HttpStatusCode.BadRequest, "runs:/")]
    [InlineData("mlflow-artifacts:/../../etc", HttpStatusCode.BadRequest, "..")]
    [InlineData("runs:/0123456789abcdef0123456789abcdef/model", HttpStatusCode.NotFound, "0123456789abcdef0123456789abcdef")]
    [InlineData("mlflow-artifacts:/0/nothing/here", HttpStatusCode.NotFound, "nothing/here")]
    public async Task Create_UnusableSource_ReturnsClearError(string source, HttpStatusCode status, string mentioned)
    {
        var name = await RegisterAsync();

        var response = await _api.PostAsync("/model-versions/create", $$"""{"name":"{{name}}","source":"{{source}}"}""");

        Assert.True(response.Status == status, response.Text);
        Assert.Contains(mentioned, response.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnregisteredModel_Returns404() =>
        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            await _api.PostAsync("/model-versions/create", """{"name":"never-registered-model","source":"runs:/abc/model"}"""), "never-registered-model");

    [Fact]
    public async Task Create_EightConcurrentClients_GetVersionsOneToEightOnce()
    {
        var (runId, root) = await LoggedRunAsync();
        await WriteAsync($"{root}/model/MLmodel", Encoding.UTF8.GetBytes(OnnxMlmodel));
        await WriteAsync($"{root}/model/model.onnx", TestModels.Linear3());
        var name = await RegisterAsync();

        var versions = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            (await new MlflowHttp(app.CreateClient()).OkAsync("/model-versions/create", $$"""{"name":"{{name}}","source":"runs:/{{runId}}/model"}"""))
                .GetProperty("model_version").GetProperty("version").GetString()!));

        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8"], versions.Order(StringComparer.Ordinal).ToArray());
    }

    private async Task<(string RunId, string Root)> LoggedRunAsync()
    {
        var experiment = await _api.CreateExperimentAsync();
        var runId = await _api.CreateRunAsync(experiment, ""","user_id":"alice" """);
        await _api.OkAsync("/runs/log-batch", $$"""
            {"run_id":"{{runId}}","metrics":[{"key":"auc","value":0.91,"timestamp":1,"step":0},{"key":"bad","value":"NaN","timestamp":1,"step":0}],
             "params":[{"key":"lr","value":"0.1"}]}
            """);
        await _api.OkAsync("/runs/log-inputs", $$$"""
            {"run_id":"{{{runId}}}","datasets":[{"dataset":{"name":"train","digest":"d1g3st","source_type":"local","source":"train.csv"}}]}
            """);
        return (runId, $"{experiment}/{runId}/artifacts");
    }

    private async Task WriteAsync(string path, byte[] bytes)
    {
        using var content = new MemoryStream(bytes);
        await app.Services.GetRequiredService<IRunArtifactStore>().WriteAsync(path, content, Ct);
    }

    private async Task<string> RegisterAsync()
    {
        var name = TestModels.UniqueName("reg");
        await _api.OkAsync("/registered-models/create", $$"""{"name":"{{name}}"}""");
        return name;
    }

    private async Task<float> PredictAsync(string name, int version)
    {
        using var content = new StringContent(TestModels.Request([1f, 2f, 3f]), Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync($"/v2/models/{name}/versions/{version.ToString(CultureInfo.InvariantCulture)}/infer", content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, text);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle();
    }
}
