using System.Text.Json;
using Modelplane.Cli.Drift;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Tests.Cli.Drift;

/// <summary><c>models retraining set|show|delete</c> against the fake server.</summary>
public sealed class RetrainingCommandsTests
{
    private readonly CliHarness _cli = new();

    public RetrainingCommandsTests() => _cli.Server.AddVersion("churn", [1]);

    [Fact]
    public async Task SetShowDelete_AsAPersonWould()
    {
        var set = await _cli.RunAsync("models", "retraining", "set", "churn", "--url", "https://ci.example/retrain", "--cooldown", "168h", "--secret", "s3cret");
        var show = await _cli.RunAsync("models", "retraining", "show", "churn", "--json");
        var delete = await _cli.RunAsync("models", "retraining", "delete", "churn");
        var after = await _cli.RunAsync("models", "retraining", "show", "churn");

        Assert.True(set.ExitCode == ExitCodes.Success, set.Error);
        Assert.Equal(new SetRetrainingRequest("https://ci.example/retrain", "7d", "s3cret"), JsonSerializer.Deserialize(_cli.Server.Requests[0].Body, ModelplaneJsonContext.Default.SetRetrainingRequest));
        Assert.Contains("Model churn retrains through https://ci.example/retrain, signed", set.Out, StringComparison.Ordinal);
        Assert.Matches(@"Cool-down\s+at most once per 7d", set.Out);
        Assert.Matches(@"Fired\s+never", set.Out);
        var trigger = JsonSerializer.Deserialize(show.Out, ModelplaneJsonContext.Default.RetrainingTriggerDto)!;
        Assert.Equal(("churn", "https://ci.example/retrain", true, "7d"), (trigger.Model, trigger.Url, trigger.HasSecret, trigger.Cooldown));
        Assert.Equal((HttpMethod.Delete, "/api/v1/models/churn/retraining"), (_cli.Server.Requests[2].Method, _cli.Server.Requests[2].PathAndQuery));
        Assert.Contains("Model churn has no retraining webhook any more", delete.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ApiError, after.ExitCode);
        Assert.Contains("Model 'churn' has no retraining webhook.", after.Error, StringComparison.Ordinal);
        Assert.Contains("modelplane models retraining set MODEL --url URL", after.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FiredWithError_ShowsCountLastTimeAndError()
    {
        var (output, text) = DriftSamples.Output();

        RetrainingCommands.Write(output, new RetrainingTriggerDto(
            "churn", "http://ci/retrain", false, "1d", DriftSamples.Start, "HTTP 503 from http://ci/retrain", 3, DriftSamples.Start.AddDays(-3), "alice"));

        Assert.Contains("Model churn retrains through http://ci/retrain\n", text.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Matches(@"Fired\s+3 times, last 2026-05-01 12:00:00Z", text.ToString());
        Assert.Matches(@"Last error\s+HTTP 503 from http://ci/retrain", text.ToString());
        Assert.Matches(@"Set\s+2026-04-28 12:00:00Z by alice", text.ToString());
    }

    [Theory]
    [InlineData("--url", "ftp://ci/retrain", "--url 'ftp://ci/retrain' is not an http:// or https:// URL.")]
    [InlineData("--cooldown", "soon", "--cooldown 'soon' is not a duration")]
    public async Task Set_BadArguments_AreRefusedBeforeAnyRequest(string option, string value, string message)
    {
        string[] args = option == "--url"
            ? ["models", "retraining", "set", "churn", "--url", value]
            : ["models", "retraining", "set", "churn", "--url", "http://ci/retrain", option, value];

        var run = await _cli.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.Server.Requests);
    }
}
