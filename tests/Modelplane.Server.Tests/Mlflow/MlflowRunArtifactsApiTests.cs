using System.Net;
using static Modelplane.Server.Tests.Mlflow.MlflowHttp;

namespace Modelplane.Server.Tests.Mlflow;

public sealed class MlflowRunArtifactsApiTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();
    private readonly MlflowHttp _api = new(app.CreateClient());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_RunRoot_ReturnsRootUriAndRunRelativePaths()
    {
        var (experimentId, runId) = await RunWithArtifactsAsync();

        var (status, body, _) = await _api.GetAsync($"/artifacts/list?run_id={runId}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            $$"""{"root_uri":"mlflow-artifacts:/{{experimentId}}/{{runId}}/artifacts","files":[{"path":"metrics.json","is_dir":false,"file_size":2},{"path":"model","is_dir":true}]}""",
            body.GetRawText());
    }

    [Fact]
    public async Task List_SubDirectory_PathsIncludeTheDirectory()
    {
        var (_, runId) = await RunWithArtifactsAsync();

        var (_, body, _) = await _api.GetAsync($"/artifacts/list?run_id={runId}&path=model");

        Assert.Equal(
            """[{"path":"model/MLmodel","is_dir":false,"file_size":5},{"path":"model/model.onnx","is_dir":false,"file_size":9}]""",
            body.GetProperty("files").GetRawText());
    }

    [Fact]
    public async Task List_RunUuidAndAjaxApi_ListTheSameFiles()
    {
        var (_, runId) = await RunWithArtifactsAsync();

        var (status, body, _) = await new MlflowHttp(_client, "/ajax-api/2.0/mlflow").GetAsync($"/artifacts/list?run_uuid={runId}&path=model/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.GetProperty("files").GetArrayLength());
    }

    [Fact]
    public async Task List_RunWithoutArtifacts_ReturnsOnlyRootUri()
    {
        var experimentId = await _api.CreateExperimentAsync();
        var runId = await _api.CreateRunAsync(experimentId);

        var (_, body, _) = await _api.GetAsync($"/artifacts/list?run_id={runId}");

        Assert.Equal($$"""{"root_uri":"mlflow-artifacts:/{{experimentId}}/{{runId}}/artifacts"}""", body.GetRawText());
    }

    [Fact]
    public async Task List_UnknownRun_Returns404()
    {
        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", await _api.GetAsync($"/artifacts/list?run_id={new string('0', 32)}"), "not found");
    }

    [Fact]
    public async Task List_MissingRunId_Returns400()
    {
        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", await _api.GetAsync("/artifacts/list"), "run_id");
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../..")]
    [InlineData("model/../../..")]
    [InlineData("%2e%2e")]
    [InlineData("/etc")]
    public async Task List_TraversalPath_Returns400(string path)
    {
        var (_, runId) = await RunWithArtifactsAsync();

        var response = await _api.GetAsync($"/artifacts/list?run_id={runId}&path={Uri.EscapeDataString(path)}");

        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", response, "Invalid artifact path");
    }

    [Fact]
    public async Task List_ExperimentArtifactLocationClimbsOut_Returns400()
    {
        var experimentId = (await _api.OkAsync("/experiments/create", $$"""{"name":"{{UniqueName()}}","artifact_location":"mlflow-artifacts:/../.."}"""))
            .GetProperty("experiment_id").GetString()!;
        var runId = await _api.CreateRunAsync(experimentId);

        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", await _api.GetAsync($"/artifacts/list?run_id={runId}"), "'..' segment");
    }

    [Fact]
    public async Task List_ExperimentStoresArtifactsElsewhere_Returns400NamingTheUri()
    {
        var experimentId = (await _api.OkAsync("/experiments/create", $$"""{"name":"{{UniqueName()}}","artifact_location":"s3://bucket/exp"}"""))
            .GetProperty("experiment_id").GetString()!;
        var runId = await _api.CreateRunAsync(experimentId);

        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", await _api.GetAsync($"/artifacts/list?run_id={runId}"), "s3://bucket/exp");
    }

    private async Task<(string ExperimentId, string RunId)> RunWithArtifactsAsync()
    {
        var experimentId = await _api.CreateExperimentAsync();
        var runId = await _api.CreateRunAsync(experimentId);
        var root = $"/api/2.0/mlflow-artifacts/artifacts/{experimentId}/{runId}/artifacts";
        foreach (var (path, size) in new[] { ("model/MLmodel", 5), ("model/model.onnx", 9), ("metrics.json", 2) })
        {
            using var content = new ByteArrayContent(new byte[size]);
            using var response = await _client.PutAsync($"{root}/{path}", content, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return (experimentId, runId);
    }
}
