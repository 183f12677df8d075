using System.Diagnostics;
using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Cli.Tests.Real;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Testing.FileSystem;
using Modelplane.Testing.Onnx;

namespace Modelplane.Cli.Tests.Cli;

/// <summary><c>replay</c> against the real server: a summary and the rows that differ most, or the report as JSON.</summary>
/// <remarks>
/// The endpoint's classifier picks class 1 for x = (0, 0.5); the target adds 1 to class 0's logit and picks class 0, so
/// both probabilities move by σ(0.5) − σ(−0.5) = 0.2449.
/// </remarks>
public sealed class ReplayCommandTests(RealServer server) : IClassFixture<RealServer>, IDisposable
{
    private readonly CliHarness _cli = new() { ClientFactory = uri => new ModelplaneClient(uri) };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Replay_Table_ShowsTheSummaryAndTheChangedRow()
    {
        var (endpoint, target) = await LoggedEndpointAsync();

        var run = await RunAsync("replay", endpoint, "--to", $"{target}@1", "--since", "1h");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains($"Replayed 1 of 1 logged records of {endpoint} through {target}@1 (0 failed, 0 skipped)", run.Out, StringComparison.Ordinal);
        Assert.Contains("Label agreement 0%, mean |Δ score| 0.2449, max |Δ score| 0.2449", run.Out, StringComparison.Ordinal);
        Assert.Contains("replay-1", run.Out, StringComparison.Ordinal);
        Assert.Contains("changed", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_Json_PrintsTheReport()
    {
        var (endpoint, target) = await LoggedEndpointAsync();

        var run = await RunAsync("replay", endpoint, "--to", target, "--since", "1h", "--top", "1", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var report = JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.ReplayReportDto)!;
        Assert.Equal(($"{target}@1", 1, 1, 0.0), (report.To, report.Read, report.Replayed, report.LabelAgreement));
        Assert.Equal(("replay-1", false), (Assert.Single(report.Top).RequestId, report.Top[0].LabelsAgree));
    }

    [Theory]
    [InlineData("--since", "soon", "--since 'soon' is not a duration")]
    [InlineData("--until", "-2h", "--until '-2h' is not a duration back from now")]
    public async Task Replay_BadTime_ExitsWithTheReason(string option, string value, string message)
    {
        var run = await RunAsync("replay", "whatever", "--to", "churn@1", option, value);

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_LimitOutOfRange_ShowsTheServersReason()
    {
        var (endpoint, target) = await LoggedEndpointAsync(requests: false);

        var run = await RunAsync("replay", endpoint, "--to", $"{target}@1", "--limit", "20000");

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains("limit is 20000; it is from 1 to 10000", run.Error, StringComparison.Ordinal);
    }

    private async Task<(string Endpoint, string Target)> LoggedEndpointAsync(bool requests = true)
    {
        var endpoint = $"r{Guid.NewGuid():N}"[..16];
        var target = $"t{Guid.NewGuid():N}"[..16];
        await RunAsync("models", "push", endpoint, _temp.File($"{endpoint}.onnx", OnnxModelBuilder.Classifier("x", 2, [1f, 0f, 0f, 1f], [0f, 0f]).Build()));
        await RunAsync("models", "push", target, _temp.File($"{target}.onnx", OnnxModelBuilder.Classifier("x", 2, [1f, 0f, 0f, 1f], [1f, 0f]).Build()));
        await RunAsync("endpoints", "create", endpoint, "--model", $"{endpoint}@1");
        await RunAsync("endpoints", "logging", endpoint, "--sample", "100%");
        if (!requests)
        {
            return (endpoint, target);
        }

        using (var http = new HttpClient { BaseAddress = new Uri(server.Url) })
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", server.AdminToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/models/{endpoint}/infer")
            {
                Content = new StringContent("""{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP32","data":[0,0.5]}]}""", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Request-Id", "replay-1");
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode);
        }

        // The log's writer batches in the background: wait (bounded) for the record.
        var clock = Stopwatch.StartNew();
        while (JsonSerializer.Deserialize((await RunAsync("logs", endpoint, "--json")).Out, ModelplaneJsonContext.Default.IReadOnlyListInferenceLogRecordDto)!.Count == 0
            && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return (endpoint, target);
    }

    private Task<CliRun> RunAsync(params string[] args) => _cli.RunAsync([.. args, "--server", server.Url, "--token", server.AdminToken]);
}
