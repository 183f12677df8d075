using System.Diagnostics;
using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Cli.Tests.Real;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Testing.FileSystem;
using Modelplane.Testing.Onnx;

namespace Modelplane.Cli.Tests.Cli;

/// <summary><c>endpoints logging</c>, <c>logs</c> and <c>labels</c> against the real server.</summary>
public sealed class InferenceLogCommandTests(RealServer server) : IClassFixture<RealServer>, IDisposable
{
    private readonly CliHarness _cli = new() { ClientFactory = uri => new ModelplaneClient(uri) };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task LoggingLogsAndLabels_AsAPersonWould()
    {
        var model = $"l{Guid.NewGuid():N}"[..16];
        var onnx = _temp.File($"{model}.onnx", OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0.5f).Build());
        await RunAsync("models", "push", model, onnx);
        await RunAsync("endpoints", "create", model, "--model", $"{model}@1");

        var logging = await RunAsync("endpoints", "logging", model, "--sample", "100%", "--retention", "7d", "--redact", "email,ssn");
        using (var http = new HttpClient { BaseAddress = new Uri(server.Url) })
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", server.AdminToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/models/{model}/infer")
            {
                Content = new StringContent("""{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,1,1]}]}""", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Request-Id", "cli-1");
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode);
        }

        CliRun logs;
        var clock = Stopwatch.StartNew();
        do
        {
            logs = await RunAsync("logs", model, "--since", "1h", "--json");
        }
        while (JsonSerializer.Deserialize(logs.Out, ModelplaneJsonContext.Default.IReadOnlyListInferenceLogRecordDto)!.Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(30));

        var table = await RunAsync("logs", model, "--request-id", "cli-1");
        var labels = _temp.File("labels.jsonl", """
            {"requestId":"cli-1","label":6.5}
            {"requestId":"unknown","label":1}
            """u8.ToArray());
        var posted = await RunAsync("labels", model, labels);
        var parquet = Path.Combine(_temp.Path, "log.parquet");
        var export = await RunAsync("logs", model, "--format", "parquet", "--output", parquet);
        var off = await RunAsync("endpoints", "logging", model, "--off", "--json");

        Assert.True(logging.ExitCode == ExitCodes.Success, logging.Error);
        Assert.Contains("logs 100% of its requests, kept 7 days, redacting email, ssn", logging.Out, StringComparison.Ordinal);
        Assert.Equal("cli-1", Assert.Single(JsonSerializer.Deserialize(logs.Out, ModelplaneJsonContext.Default.IReadOnlyListInferenceLogRecordDto)!).RequestId);
        Assert.Contains("cli-1", table.Out, StringComparison.Ordinal);
        Assert.Contains("1 records", table.Out, StringComparison.Ordinal);
        Assert.Contains("Stored 2 labels: 1 matched a logged prediction, 1 did not (yet).", posted.Out, StringComparison.Ordinal);
        Assert.True(export.ExitCode == ExitCodes.Success, export.Error);
        Assert.Equal("PAR1"u8.ToArray(), File.ReadAllBytes(parquet)[..4]);
        Assert.Null(JsonSerializer.Deserialize(off.Out, ModelplaneJsonContext.Default.EndpointDto)!.Logging);
    }

    [Theory]
    [InlineData("--sample", "lots", "--sample 'lots' is not a share")]
    [InlineData("--sample", "150%", "sample rate is 1.5")]
    [InlineData("--retention", "soon", "--retention 'soon' is not a duration")]
    public async Task Logging_BadArguments_ExitWithTheReason(string option, string value, string message)
    {
        var run = await RunAsync("endpoints", "logging", "whatever", option, value);

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    private Task<CliRun> RunAsync(params string[] args) => _cli.RunAsync([.. args, "--server", server.Url, "--token", server.AdminToken]);
}
