using System.Diagnostics;
using System.Text.Json;

namespace Modelplane.Server.Tests.Mlflow;

/// <summary>The real <c>mlflow</c> npm client (tests/mlflow-client, installed by ./test.sh) against the server on a real socket.</summary>
public sealed class MlflowNpmClientTests : IClassFixture<MlflowNpmClientTests.Session>
{
    private readonly JsonElement _result;

    public MlflowNpmClientTests(Session session) => _result = session.Result;

    [Fact]
    public void CreateExperiment_ThenGet_ReturnsActiveExperimentWithNumericId()
    {
        var experiment = _result.GetProperty("experiment");

        Assert.Equal(_result.GetProperty("experimentId").GetString(), experiment.GetProperty("experiment_id").GetString());
        Assert.True(long.TryParse(experiment.GetProperty("experiment_id").GetString(), out _));
        Assert.Equal("active", experiment.GetProperty("lifecycle_stage").GetString());
        Assert.Contains("Default", _result.GetProperty("listed").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void CreateRun_ReturnsRunningRunWithRunIdAndUuidAndTags()
    {
        var info = _result.GetProperty("created").GetProperty("info");

        Assert.Matches("^[0-9a-f]{32}$", info.GetProperty("run_id").GetString());
        Assert.Equal(info.GetProperty("run_id").GetString(), info.GetProperty("run_uuid").GetString());
        Assert.Equal(("RUNNING", "alice", 1700000000000), (info.GetProperty("status").GetString(), info.GetProperty("user_id").GetString(), info.GetProperty("start_time").GetInt64()));
        var tags = Pairs(_result.GetProperty("created").GetProperty("data").GetProperty("tags"));
        Assert.Equal("risk", tags["team"]);
        Assert.Equal(info.GetProperty("run_name").GetString(), tags["mlflow.runName"]);
    }

    [Fact]
    public void LogMetricParamBatchAndTag_ThenGet_ReturnsLatestMetricsParamsAndTags()
    {
        var data = _result.GetProperty("got").GetProperty("data");
        var metrics = data.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("key").GetString()!, m => m.GetProperty("value").GetDouble());

        Assert.Equal(new Dictionary<string, double> { ["auc"] = 0.91, ["loss"] = 0.25 }, metrics);
        Assert.Equal(new Dictionary<string, string> { ["depth"] = "6", ["lr"] = "0.1" }, Pairs(data.GetProperty("params")));
        var tags = Pairs(data.GetProperty("tags"));
        Assert.Equal(("dev", "bob", "risk"), (tags["stage"], tags["owner"], tags["team"]));
    }

    [Fact]
    public void SearchRuns_MetricAndParamFilter_ReturnsOnlyMatchingRun()
    {
        var runId = _result.GetProperty("created").GetProperty("info").GetProperty("run_id").GetString();

        Assert.Equal([runId], _result.GetProperty("searched").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void SearchRuns_OrderByMetricAscending_ReturnsLowerAucFirst()
    {
        var runId = _result.GetProperty("created").GetProperty("info").GetProperty("run_id").GetString();

        Assert.Equal([_result.GetProperty("otherId").GetString(), runId], _result.GetProperty("ordered").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void UpdateRun_Finished_ReturnsRunInfoWithStatusAndEndTime()
    {
        var info = _result.GetProperty("updated");

        Assert.Equal(("FINISHED", 1700000009000), (info.GetProperty("status").GetString(), info.GetProperty("end_time").GetInt64()));
    }

    [Fact]
    public void GetHistory_ReturnsEveryLoggedValueInStepOrder()
    {
        var history = _result.GetProperty("history").EnumerateArray()
            .Select(m => (m.GetProperty("value").GetDouble(), m.GetProperty("step").GetInt64(), m.GetProperty("timestamp").GetInt64()));

        Assert.Equal([(0.5, 0L, 1700000001000L), (0.25, 1L, 1700000002000L)], history);
    }

    [Fact]
    public void DeleteTagDeleteRestore_ChangeWhatGetAndSearchReturn()
    {
        var runId = _result.GetProperty("created").GetProperty("info").GetProperty("run_id").GetString();

        Assert.Equal(["mlflow.runName", "stage", "team"], _result.GetProperty("tagsAfterDelete").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([runId], _result.GetProperty("afterRunDelete").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, _result.GetProperty("afterRunRestore").GetInt32());
        Assert.EndsWith("-renamed", _result.GetProperty("renamed").GetString(), StringComparison.Ordinal);
        Assert.Equal(("deleted", "active"), (_result.GetProperty("deletedStage").GetString(), _result.GetProperty("restoredStage").GetString()));
    }

    [Fact]
    public void ArtifactsList_RunRoot_ReturnsRootUriAndUploadedEntries()
    {
        var listing = _result.GetProperty("artifactRoot");

        Assert.Equal(_result.GetProperty("created").GetProperty("info").GetProperty("artifact_uri").GetString(), listing.GetProperty("root_uri").GetString());
        Assert.Equal([("model", true, (long?)null), ("notes.txt", false, 2L)], Files(listing));
    }

    [Fact]
    public void ArtifactsList_ModelDirectory_ReturnsRunRelativePathsAndSizes()
    {
        Assert.Equal([("model/MLmodel", false, (long?)20), ("model/model.onnx", false, 2048L)], Files(_result.GetProperty("artifactModel")));
    }

    [Theory]
    [InlineData("missingRun", 404, "RESOURCE_DOES_NOT_EXIST")]
    [InlineData("artifactTraversal", 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("duplicateExperiment", 400, "RESOURCE_ALREADY_EXISTS")]
    [InlineData("changedParam", 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("badFilter", 400, "INVALID_PARAMETER_VALUE")]
    // The client builds ".../experimentsset-experiment-tag" (a missing slash), which MLflow itself also answers with 404.
    [InlineData("setExperimentTag", 404, "ENDPOINT_NOT_FOUND")]
    public void Errors_ReachClientInMlflowShape(string call, int status, string errorCode)
    {
        var failure = _result.GetProperty(call);

        Assert.Equal(status, failure.GetProperty("status").GetInt32());
        Assert.Equal(errorCode, failure.GetProperty("data").GetProperty("error_code").GetString());
        Assert.False(string.IsNullOrEmpty(failure.GetProperty("data").GetProperty("message").GetString()));
    }

    private static List<(string, bool, long?)> Files(JsonElement listing) =>
        [.. listing.GetProperty("files").EnumerateArray().Select(f => (
            f.GetProperty("path").GetString()!, f.GetProperty("is_dir").GetBoolean(), f.TryGetProperty("file_size", out var size) ? size.GetInt64() : (long?)null))];

    private static Dictionary<string, string> Pairs(JsonElement list) =>
        list.EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!, e => e.GetProperty("value").GetString()!);

    /// <summary>Starts the server on a loopback port and runs tests/mlflow-client/exercise.js against it once.</summary>
    public sealed class Session : IAsyncLifetime
    {
        private readonly ModelplaneAppFactory _app = new();

        public JsonElement Result { get; private set; }

        public async ValueTask InitializeAsync()
        {
            var clientDirectory = FindClientDirectory();
            if (!Directory.Exists(Path.Combine(clientDirectory, "node_modules", "mlflow")))
            {
                throw new InvalidOperationException(
                    $"The mlflow npm client is not installed; run `npm ci --prefix {clientDirectory} --no-audit --no-fund` (./test.sh does).");
            }

            _app.UseKestrel(0);
            _app.StartServer();
            var endpoint = _app.ClientOptions.BaseAddress.GetLeftPart(UriPartial.Authority);

            var start = new ProcessStartInfo("node", ["exercise.js", endpoint])
            {
                WorkingDirectory = clientDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["MLFLOW_TRACKING_TOKEN"] = _app.AdminToken },
            };
            using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
            var stdout = node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await node.WaitForExitAsync(timeout.Token);

            var output = await stdout;
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
            if (node.ExitCode != 0 || line is null)
            {
                throw new InvalidOperationException($"exercise.js failed (exit {node.ExitCode}):\n{output}\n{await stderr}");
            }

            Result = JsonDocument.Parse(line["RESULT ".Length..]).RootElement.Clone();
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();

        private static string FindClientDirectory()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "mlflow-client");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("tests/mlflow-client/package.json not found above " + AppContext.BaseDirectory);
        }
    }
}
