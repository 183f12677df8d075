using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Client;

namespace Modelplane.Cli.Tests.Cli.Drift;

/// <summary><c>drift</c> and <c>quality</c> against the fake server (the lead's real-server tests come with the API).</summary>
public sealed class DriftCommandTests
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Drift_Table_ShowsTheLatestWindowOfEachVersion()
    {
        _cli.Server.Drift["churn"] = DriftSamples.Drift(
            DriftSamples.Version(windows: DriftSamples.Window()), DriftSamples.Version(version: 3, monitored: false, openRows: 0));

        var run = await _cli.RunAsync("drift", "churn");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("churn  churn@2  window 17", run.Out, StringComparison.Ordinal);
        Assert.Contains("mean radius: reference vs live", run.Out, StringComparison.Ordinal);
        Assert.Contains("churn@3: not monitored, no reference profile", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_Filters_AreSentAsQueryParameters()
    {
        _cli.Server.Drift["churn"] = DriftSamples.Drift(DriftSamples.Version(windows: [DriftSamples.Window(18), DriftSamples.Window(17)]));

        var run = await _cli.RunAsync("drift", "churn", "--model", "churn", "--version", "2", "--limit", "1", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal("/api/v1/endpoints/churn/drift?model=churn&version=2&limit=1", Assert.Single(_cli.Server.Requests).PathAndQuery);
        Assert.Equal([18L], JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.EndpointDriftDto)!.Versions[0].Windows.Select(w => w.Id));
    }

    [Fact]
    public async Task Drift_Json_RoundTripsTheDocument()
    {
        var drift = DriftSamples.Drift(DriftSamples.Version(windows: DriftSamples.Window()));
        _cli.Server.Drift["churn"] = drift;

        var run = await _cli.RunAsync("drift", "churn", "--json");

        var read = JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.EndpointDriftDto)!;
        var expected = drift.Versions[0].Windows[0];
        var window = read.Versions[0].Windows[0];
        Assert.Equal((expected.Id, expected.Verdict, expected.Rows, expected.Streak), (window.Id, window.Verdict, window.Rows, window.Streak));
        Assert.Equal(expected.Features.Select(f => (f.Name, f.Psi, f.KsPValue, f.IsOutput)), window.Features.Select(f => (f.Name, f.Psi, f.KsPValue, f.IsOutput)));
        Assert.Equal(expected.Features[0].Bins, window.Features[0].Bins);
        Assert.Equal((drift.Settings.WindowRows, drift.Settings.Thresholds.PsiAlert), (read.Settings.WindowRows, read.Settings.Thresholds.PsiAlert));
    }

    [Fact]
    public async Task Drift_WindowId_FetchesThatWindow()
    {
        _cli.Server.Drift["churn"] = DriftSamples.Drift(DriftSamples.Version(windows: [DriftSamples.Window(18, "stable", 0), DriftSamples.Window(17)]));

        var run = await _cli.RunAsync("drift", "churn", "--window", "17");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal("/api/v1/endpoints/churn/drift/windows/17", Assert.Single(_cli.Server.Requests).PathAndQuery);
        Assert.Contains("churn  churn@2  window 17  2026-05-01 12:00:00Z – 13:00:00Z  1,200 rows  verdict drift  streak 2", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_UnknownWindow_ShowsTheServersMessage()
    {
        _cli.Server.Drift["churn"] = DriftSamples.Drift(DriftSamples.Version(windows: DriftSamples.Window()));

        var run = await _cli.RunAsync("drift", "churn", "--window", "99");

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Contains("Window 99 of endpoint 'churn' does not exist.", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--limit", "0", "--limit 0 must be at least 1.")]
    [InlineData("--window", "0", "--window 0 is not a window id")]
    public async Task Drift_BadNumber_IsAUsageErrorWithoutARequest(string option, string value, string message)
    {
        var run = await _cli.RunAsync("drift", "churn", option, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.Server.Requests);
    }

    [Fact]
    public async Task Quality_Json_RoundTripsTheDocument()
    {
        _cli.Server.Quality["churn"] = new("churn", 0.2, [DriftSamples.ClassifierWindow(), DriftSamples.UnlabeledWindow()]);

        var run = await _cli.RunAsync("quality", "churn", "--version", "2", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal("/api/v1/endpoints/churn/quality?version=2", Assert.Single(_cli.Server.Requests).PathAndQuery);
        var read = JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.EndpointQualityDto)!;
        Assert.Equal([DriftSamples.ClassifierWindow(), DriftSamples.UnlabeledWindow()], read.Windows);
    }

    [Fact]
    public async Task Quality_Table_ShowsEachWindow()
    {
        _cli.Server.Quality["churn"] = new("churn", 0.2, [DriftSamples.ClassifierWindow(), DriftSamples.UnlabeledWindow()]);

        var run = await _cli.RunAsync("quality", "churn");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Matches(@"│ 17\s+│ churn@2 .*│ 0\.912\s+│ .*│ realised\s+│", run.Out);
        Assert.Matches(@"│ 18\s+│ churn@2 .*│ estimated\s+│", run.Out);
    }

    [Fact]
    public async Task Quality_UnknownEndpoint_ExitsWithTheServersMessageAndAHint()
    {
        var run = await _cli.RunAsync("quality", "nope");

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Contains("Endpoint 'nope' does not exist.", run.Error, StringComparison.Ordinal);
        Assert.Contains("modelplane endpoints list", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DriftHelp_HasExamples()
    {
        var run = await _cli.RunAsync("drift", "--help");

        Assert.Contains("modelplane drift churn --window 42", run.Out, StringComparison.Ordinal);
        Assert.Contains("--limit", run.Out, StringComparison.Ordinal);
    }
}
