using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Tests.Cli.Drift;

/// <summary><c>monitoring show|set</c> against the fake server.</summary>
public sealed class MonitoringCommandsTests
{
    private readonly CliHarness _cli = new();

    public MonitoringCommandsTests() => _cli.Server.AddEndpoint("churn", "churn");

    [Fact]
    public async Task Show_Defaults_DescribesWindowsThresholdsAndThatTheyAreDefaults()
    {
        var run = await _cli.RunAsync("monitoring", "show", "churn");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("Endpoint churn: monitoring on", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"Windows\s+close every 1000 rows or 1h, whichever comes first", run.Out);
        Assert.Matches(@"Alert after\s+3 drifting windows in a row", run.Out);
        Assert.Matches(@"PSI\s+warning 0.1, drift 0.25", run.Out);
        Assert.Matches(@"Set\s+never \(defaults\)", run.Out);
    }

    [Fact]
    public async Task Set_WindowOptions_SendsOnlyThoseWithTheDurationAsTheServerReadsIt()
    {
        var run = await _cli.RunAsync("monitoring", "set", "churn", "--window-rows", "500", "--window-duration", "7200", "--consecutive", "4", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var request = Assert.Single(_cli.Server.Requests);
        Assert.Equal((HttpMethod.Put, "/api/v1/endpoints/churn/monitoring"), (request.Method, request.PathAndQuery));
        Assert.Equal(new SetMonitoringRequest(WindowRows: 500, WindowDuration: "2h", ConsecutiveWindows: 4), JsonSerializer.Deserialize(request.Body, ModelplaneJsonContext.Default.SetMonitoringRequest));
        var settings = JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.MonitoringSettingsDto)!;
        Assert.Equal((500L, "2h", 4, true), (settings.WindowRows, settings.WindowDuration, settings.ConsecutiveWindows, settings.Enabled));
    }

    [Fact]
    public async Task Set_PsiWarning_KeepsTheOtherCurrentThresholds()
    {
        await _cli.RunAsync("monitoring", "set", "churn", "--psi-alert", "0.4");

        var run = await _cli.RunAsync("monitoring", "set", "churn", "--psi-warning", "0.2", "--min-rows", "50", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal(new DriftThresholdsDto(0.2, 0.4, 0.05, 0.05, 0.1, 50), JsonSerializer.Deserialize(run.Out, ModelplaneJsonContext.Default.MonitoringSettingsDto)!.Thresholds);
    }

    [Fact]
    public async Task Set_NoWindowRowsAndDisable_ClearsRowsAndTurnsMonitoringOff()
    {
        var run = await _cli.RunAsync("monitoring", "set", "churn", "--no-window-rows", "--disable");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal(new SetMonitoringRequest(Enabled: false, ClearWindowRows: true), JsonSerializer.Deserialize(_cli.Server.Requests[^1].Body, ModelplaneJsonContext.Default.SetMonitoringRequest));
        Assert.Contains("monitoring off", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"Windows\s+close every 1h\s", run.Out);
        Assert.Matches(@"Set\s+2026-05-01 12:00:00Z by admin", run.Out);
    }

    [Theory]
    [InlineData("--window-rows 0", "--window-rows 0 must be at least 1; to close windows by time only, use --no-window-rows.")]
    [InlineData("--window-rows 10 --no-window-rows", "Give --window-rows or --no-window-rows, not both.")]
    [InlineData("--no-window-rows --no-window-duration", "would never close a window")]
    [InlineData("--window-duration 500ms", "--window-duration '500ms' must be a whole number of seconds, at least 1s")]
    [InlineData("--window-duration soon", "--window-duration 'soon' is not a duration")]
    [InlineData("--consecutive 0", "--consecutive 0 must be at least 1.")]
    [InlineData("--psi-warning 0.3 --psi-alert 0.2", "--psi-warning 0.3 is above --psi-alert 0.2")]
    [InlineData("--psi-alert -1", "--psi-alert -1 must be 0 or more.")]
    [InlineData("--alpha 1", "--alpha 1 must be between 0 and 1.")]
    [InlineData("--min-rows 0", "--min-rows 0 must be at least 1.")]
    [InlineData("--enable --disable", "Give --enable or --disable, not both.")]
    [InlineData("", "Nothing to change")]
    public async Task Set_BadArguments_AreRefusedBeforeAnyRequest(string arguments, string message)
    {
        var run = await _cli.RunAsync(["monitoring", "set", "churn", .. arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.Server.Requests);
    }

    [Fact]
    public async Task Show_UnknownEndpoint_ExitsWithTheServersMessage()
    {
        var run = await _cli.RunAsync("monitoring", "show", "nope");

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Contains("Endpoint 'nope' does not exist.", run.Error, StringComparison.Ordinal);
    }
}
