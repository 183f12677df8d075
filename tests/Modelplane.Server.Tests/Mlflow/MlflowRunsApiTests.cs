using System.Net;
using System.Text.Json;
using static Modelplane.Server.Tests.Mlflow.MlflowHttp;

namespace Modelplane.Server.Tests.Mlflow;

public sealed class MlflowRunsApiTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static readonly string[] DefaultExperiment = ["0"];

    private readonly MlflowHttp _api = new(app.CreateClient());

    [Fact]
    public async Task Create_ReturnsRunShapeWithoutEndTime()
    {
        var experimentId = await _api.CreateExperimentAsync();

        var run = (await _api.OkAsync("/runs/create", $$"""{"experiment_id":"{{experimentId}}","run_name":"first","user_id":"ana","start_time":"1700000000000"}""")).GetProperty("run");
        var info = run.GetProperty("info");
        var runId = info.GetProperty("run_id").GetString();

        Assert.Matches("^[0-9a-f]{32}$", runId);
        Assert.Equal((runId, "first", experimentId, "ana", "RUNNING", 1700000000000, $"mlflow-artifacts:/{experimentId}/{runId}/artifacts", "active"), (
            info.GetProperty("run_uuid").GetString(), info.GetProperty("run_name").GetString(), info.GetProperty("experiment_id").GetString(),
            info.GetProperty("user_id").GetString(), info.GetProperty("status").GetString(), info.GetProperty("start_time").GetInt64(),
            info.GetProperty("artifact_uri").GetString(), info.GetProperty("lifecycle_stage").GetString()));
        Assert.False(info.TryGetProperty("end_time", out _));
        Assert.Equal("""{"tags":[{"key":"mlflow.runName","value":"first"}]}""", run.GetProperty("data").GetRawText());
        Assert.Equal("{}", run.GetProperty("inputs").GetRawText());
    }

    [Fact]
    public async Task Create_UnknownExperiment_Returns404() =>
        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", await _api.PostAsync("/runs/create", """{"experiment_id":"424242"}"""), "424242");

    [Fact]
    public async Task LogMetric_NaNAndInfinities_StoredAndReturnedAsNamedLiterals()
    {
        var runId = await _api.CreateRunAsync(await _api.CreateExperimentAsync());

        await _api.OkAsync("/runs/log-metric", $$"""{"run_id":"{{runId}}","key":"nan","value":"NaN","timestamp":1,"step":0}""");
        await _api.OkAsync("/runs/log-batch", $$"""{"run_id":"{{runId}}","metrics":[{"key":"up","value":"Infinity","timestamp":1},{"key":"down","value":"-Infinity","timestamp":1}]}""");
        var (_, body, text) = await _api.GetAsync($"/runs/get?run_id={runId}");

        var values = body.GetProperty("run").GetProperty("data").GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("key").GetString()!, m => m.GetProperty("value").GetRawText());
        Assert.Equal(new Dictionary<string, string> { ["down"] = "\"-Infinity\"", ["nan"] = "\"NaN\"", ["up"] = "\"Infinity\"" }, values);
        Assert.Contains("\"NaN\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogParameter_SameValueAgain_SucceedsButDifferentValueIsRefused()
    {
        var runId = await _api.CreateRunAsync(await _api.CreateExperimentAsync());
        await _api.OkAsync("/runs/log-parameter", $$"""{"run_id":"{{runId}}","key":"lr","value":"0.1"}""");

        await _api.OkAsync("/runs/log-parameter", $$"""{"run_uuid":"{{runId}}","key":"lr","value":"0.1"}""");
        var changed = await _api.PostAsync("/runs/log-parameter", $$"""{"run_id":"{{runId}}","key":"lr","value":"0.2"}""");

        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", changed, "Changing param values is not allowed");
    }

    public static TheoryData<int, int, int, string> OversizedBatches => new()
    {
        { 1001, 0, 0, "at most 1000 metrics" },
        { 0, 101, 0, "at most 100 params" },
        { 0, 0, 101, "at most 100 tags" },
        { 901, 100, 0, "in total" },
    };

    [Theory]
    [MemberData(nameof(OversizedBatches))]
    public async Task LogBatch_OverMlflowLimits_Returns400AndStoresNothing(int metrics, int parameters, int tags, string mentioned)
    {
        var runId = await _api.CreateRunAsync(await _api.CreateExperimentAsync());
        var batch = new
        {
            run_id = runId,
            metrics = Enumerable.Range(0, metrics).Select(i => new { key = $"m{i}", value = i, timestamp = 1 }),
            @params = Enumerable.Range(0, parameters).Select(i => new { key = $"p{i}", value = "v" }),
            tags = Enumerable.Range(0, tags).Select(i => new { key = $"t{i}", value = "v" }),
        };

        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", await _api.PostAsync("/runs/log-batch", JsonSerializer.Serialize(batch)), mentioned);
        var data = (await _api.GetAsync($"/runs/get?run_id={runId}")).Body.GetProperty("run").GetProperty("data");
        Assert.False(data.TryGetProperty("metrics", out _));
        Assert.False(data.TryGetProperty("params", out _));
    }

    [Theory]
    [InlineData("/runs/log-metric", """{"run_id":"00000000000000000000000000000000","key":"m","value":1,"timestamp":1}""")]
    [InlineData("/runs/set-tag", """{"run_id":"00000000000000000000000000000000","key":"k","value":"v"}""")]
    [InlineData("/runs/update", """{"run_id":"00000000000000000000000000000000","status":"FINISHED"}""")]
    [InlineData("/runs/delete", """{"run_id":"00000000000000000000000000000000"}""")]
    public async Task Write_UnknownRun_Returns404(string path, string body) =>
        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", await _api.PostAsync(path, body), "00000000000000000000000000000000");

    [Theory]
    [InlineData("""{"key":"","value":1,"timestamp":1}""", "'key'")]
    [InlineData("""{"key":"/abs","value":1,"timestamp":1}""", "/abs")]
    [InlineData("""{"key":"a\tb","value":1,"timestamp":1}""", "Invalid metric name")]
    [InlineData("""{"key":"m","timestamp":1}""", "'value'")]
    [InlineData("""{"key":"m","value":1}""", "'timestamp'")]
    public async Task LogMetric_BadInput_Returns400NamingProblem(string fields, string mentioned)
    {
        var runId = await _api.CreateRunAsync(await _api.CreateExperimentAsync());
        var body = fields.Replace("{", $$"""{"run_id":"{{runId}}",""", StringComparison.Ordinal);

        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", await _api.PostAsync("/runs/log-metric", body), mentioned);
    }

    [Fact]
    public async Task LogInputs_ThenGet_ReturnsDatasetInputs()
    {
        var runId = await _api.CreateRunAsync(await _api.CreateExperimentAsync());

        await _api.OkAsync("/runs/log-inputs", $$$"""
            {"run_id":"{{{runId}}}","datasets":[{"tags":[{"key":"mlflow.data.context","value":"training"}],
             "dataset":{"name":"iris","digest":"abc123","source_type":"local","source":"{\"uri\":\"file:///iris.csv\"}","schema":"{}"}}]}
            """);
        var inputs = (await _api.GetAsync($"/runs/get?run_id={runId}")).Body.GetProperty("run").GetProperty("inputs");

        Assert.Equal(
            """{"dataset_inputs":[{"tags":[{"key":"mlflow.data.context","value":"training"}],"dataset":{"name":"iris","digest":"abc123","source_type":"local","source":"{\u0022uri\u0022:\u0022file:///iris.csv\u0022}","schema":"{}"}}]}""",
            inputs.GetRawText());
    }

    [Fact]
    public async Task Search_AttributeTagAndMetricFilters_ReturnMatchingRunsInOrder()
    {
        var experimentId = await _api.CreateExperimentAsync();
        var a = await _api.CreateRunAsync(experimentId, ""","run_name":"alpha","tags":[{"key":"team","value":"Risk"}]""");
        var b = await _api.CreateRunAsync(experimentId, ""","run_name":"beta","tags":[{"key":"team","value":"risk"}]""");
        await _api.OkAsync("/runs/update", $$"""{"run_id":"{{a}}","status":"FINISHED","end_time":1700000001000}""");
        await _api.OkAsync("/runs/log-metric", $$"""{"run_id":"{{a}}","key":"auc","value":0.7,"timestamp":1}""");
        await _api.OkAsync("/runs/log-metric", $$"""{"run_id":"{{b}}","key":"auc","value":0.9,"timestamp":1}""");

        Assert.Equal([a], await SearchAsync(experimentId, "attributes.status = 'FINISHED'"));
        Assert.Equal([b], await SearchAsync(experimentId, "tags.team LIKE 'r%'"));
        Assert.Equal([a, b], await SearchAsync(experimentId, "tags.team ILIKE 'r%'", "attributes.run_name ASC"));
        Assert.Equal([b, a], await SearchAsync(experimentId, "metrics.auc >= 0.7", "metrics.auc DESC"));
        Assert.Equal([b], await SearchAsync(experimentId, "attributes.run_name IN ('beta', 'gamma') and metrics.auc > 0.8"));
    }

    [Fact]
    public async Task Search_MaxResults_PagesWithOpaqueToken()
    {
        var experimentId = await _api.CreateExperimentAsync();
        var runs = new List<string>();
        foreach (var i in Enumerable.Range(0, 3))
        {
            runs.Add(await _api.CreateRunAsync(experimentId, $$""","run_name":"r{{i}}" """));
        }

        var first = await _api.OkAsync("/runs/search", $$"""{"experiment_ids":["{{experimentId}}"],"max_results":2,"order_by":["attributes.run_name"]}""");
        var token = first.GetProperty("next_page_token").GetString();
        var second = await _api.OkAsync("/runs/search", $$"""{"experiment_ids":["{{experimentId}}"],"max_results":2,"order_by":["attributes.run_name"],"page_token":"{{token}}"}""");

        Assert.Equal(runs, first.GetProperty("runs").EnumerateArray().Concat(second.GetProperty("runs").EnumerateArray())
            .Select(r => r.GetProperty("info").GetProperty("run_id").GetString()));
        Assert.False(second.TryGetProperty("next_page_token", out _));
    }

    [Theory]
    [InlineData("metrics.auc >> 1", "found '>' at position 13")]
    [InlineData("params.lr > '0.1'", "position 10")]
    [InlineData("attributes.colour = 'red'", "unknown attribute 'colour'")]
    [InlineData("metrics.auc > 'high'", "position 14")]
    [InlineData("tags.team = 'risk", "not closed")]
    public async Task Search_MalformedFilter_Returns400NamingProblem(string filter, string mentioned)
    {
        var body = JsonSerializer.Serialize(new { experiment_ids = DefaultExperiment, filter });

        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", await _api.PostAsync("/runs/search", body), mentioned);
    }

    [Fact]
    public async Task GetHistory_MaxResultsOne_PagesThroughSteps()
    {
        var runId = await _api.CreateRunAsync(await _api.CreateExperimentAsync());
        await _api.OkAsync("/runs/log-batch", $$"""{"run_id":"{{runId}}","metrics":[{"key":"loss","value":0.9,"timestamp":5,"step":0},{"key":"loss","value":0.4,"timestamp":6,"step":1}]}""");

        var first = (await _api.GetAsync($"/metrics/get-history?run_id={runId}&metric_key=loss&max_results=1")).Body;
        var token = first.GetProperty("next_page_token").GetString();
        var second = (await _api.GetAsync($"/metrics/get-history?run_id={runId}&metric_key=loss&max_results=1&page_token={token}")).Body;

        Assert.Equal("""[{"key":"loss","value":0.9,"timestamp":5,"step":0}]""", first.GetProperty("metrics").GetRawText());
        Assert.Equal("""[{"key":"loss","value":0.4,"timestamp":6,"step":1}]""", second.GetProperty("metrics").GetRawText());
    }

    [Fact]
    public async Task DeleteTag_Absent_Returns404()
    {
        var runId = await _api.CreateRunAsync(await _api.CreateExperimentAsync());

        AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", await _api.PostAsync("/runs/delete-tag", $$"""{"run_id":"{{runId}}","key":"nope"}"""), "nope");
    }

    [Fact]
    public async Task Update_InvalidStatus_Returns400()
    {
        var runId = await _api.CreateRunAsync(await _api.CreateExperimentAsync());

        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", await _api.PostAsync("/runs/update", $$"""{"run_id":"{{runId}}","status":"DONE"}"""), "DONE");
    }

    [Fact]
    public async Task LogToDeletedRun_Returns400AndRestoreAllowsItAgain()
    {
        var runId = await _api.CreateRunAsync(await _api.CreateExperimentAsync());
        await _api.OkAsync("/runs/delete", $$"""{"run_id":"{{runId}}"}""");
        var tag = $$"""{"run_id":"{{runId}}","key":"k","value":"v"}""";

        AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", await _api.PostAsync("/runs/set-tag", tag), "'active' state");
        await _api.OkAsync("/runs/restore", $$"""{"run_id":"{{runId}}"}""");
        await _api.OkAsync("/runs/set-tag", tag);
    }

    private async Task<List<string?>> SearchAsync(string experimentId, string filter, string? orderBy = null)
    {
        var body = await _api.OkAsync("/runs/search", JsonSerializer.Serialize(new
        {
            experiment_ids = new[] { experimentId },
            filter,
            order_by = orderBy is null ? Array.Empty<string>() : [orderBy],
        }));
        return body.TryGetProperty("runs", out var runs) ? [.. runs.EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_id").GetString())] : [];
    }
}
