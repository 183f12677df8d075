using System.Text.Json;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Cli.Tests.Real;
using Modelplane.Client;
using Modelplane.Testing.FileSystem;
using Modelplane.Testing.Onnx;

namespace Modelplane.Cli.Tests.Cli;

/// <summary><c>slo</c>, <c>alerts</c> and <c>export prometheus-rules</c> against the real server.</summary>
public sealed class SloCommandTests(RealServer server) : IClassFixture<RealServer>, IDisposable
{
    private readonly CliHarness _cli = new() { ClientFactory = uri => new ModelplaneClient(uri) };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task SloSetShowStatusDelete_AsAPersonWould()
    {
        var model = $"s{Guid.NewGuid():N}"[..16];
        await RunAsync("models", "push", model, _temp.File($"{model}.onnx", OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0.5f).Build()));
        await RunAsync("endpoints", "create", model, "--model", $"{model}@1");

        var set = await RunAsync("slo", "set", model, "--availability", "99.9", "--latency", "250ms:99", "--window", "30d");
        var show = await RunAsync("slo", "show", model, "--json");
        var table = await RunAsync("slo", "status", model);
        var json = await RunAsync("slo", "status", model, "--json");
        var deleted = await RunAsync("slo", "delete", model);
        var after = await RunAsync("slo", "show", model);

        Assert.True(set.ExitCode == ExitCodes.Success, set.Error);
        Assert.Contains("availability: 99.9% over 30d", set.Out, StringComparison.Ordinal);
        Assert.Contains("latency: 99% over 30d, within 250 ms", set.Out, StringComparison.Ordinal);
        var slo = JsonSerializer.Deserialize(show.Out, ModelplaneJsonContext.Default.SloDto)!;
        Assert.Equal((0.999, 250.0), (slo.Availability!.Target, slo.Latency!.ThresholdMs!.Value));
        Assert.Contains("Burn 5m", table.Out, StringComparison.Ordinal);
        Assert.Contains("99.9% / 30d", table.Out, StringComparison.Ordinal);
        Assert.Contains("no data", table.Out, StringComparison.Ordinal);
        var statuses = JsonSerializer.Deserialize(json.Out, ModelplaneJsonContext.Default.IReadOnlyListSloStatusDto)!;
        Assert.Equal(["availability", "latency"], statuses.Select(s => s.Objective));
        Assert.All(statuses, s => Assert.Equal(5, s.BurnRates.Count));
        Assert.Equal(ExitCodes.Success, deleted.ExitCode);
        Assert.NotEqual(ExitCodes.Success, after.ExitCode);
        Assert.Contains("has no SLO", after.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertsReceiversAndSilences_AsAPersonWould()
    {
        var model = $"a{Guid.NewGuid():N}"[..16];
        await RunAsync("models", "push", model, _temp.File($"{model}.onnx", OnnxModelBuilder.Linear("x", 3, [1f, 2f, 3f], 0.5f).Build()));
        await RunAsync("endpoints", "create", model, "--model", $"{model}@1");

        var add = await RunAsync("alerts", "receivers", "add", "oncall", "http://127.0.0.1:9/hook", "--secret", "s3cret");
        var receivers = await RunAsync("alerts", "receivers", "list");
        var silence = await RunAsync("alerts", "silence", model, "--for", "2h", "--comment", "maintenance", "--json");
        var id = JsonSerializer.Deserialize(silence.Out, ModelplaneJsonContext.Default.AlertSilenceDto)!.Id;
        var silences = await RunAsync("alerts", "silences");
        var unsilence = await RunAsync("alerts", "unsilence", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var list = await RunAsync("alerts", "list", "--all");
        var remove = await RunAsync("alerts", "receivers", "remove", "oncall");

        Assert.True(add.ExitCode == ExitCodes.Success, add.Error);
        Assert.Contains("Alerts go to oncall (http://127.0.0.1:9/hook), signed", add.Out, StringComparison.Ordinal);
        Assert.Contains("oncall", receivers.Out, StringComparison.Ordinal);
        Assert.Contains("maintenance", silences.Out, StringComparison.Ordinal);
        Assert.Contains($"Silence {id} ended", unsilence.Out, StringComparison.Ordinal);
        Assert.Contains("0 alerts", list.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, remove.ExitCode);
    }

    [Fact]
    public async Task SloSet_LatencyWithoutPercent_IsAUsageError()
    {
        var run = await RunAsync("slo", "set", "whatever", "--latency", "250ms");

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains("--latency '250ms' is not THRESHOLD:PERCENT", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportPrometheusRules_WritesTheGeneratedRules_WithoutAServer()
    {
        var path = Path.Combine(_temp.Path, "rules.yml");

        var run = await _cli.RunAsync(["export", "prometheus-rules", "-o", path]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal(Modelplane.Server.Slos.PrometheusSloRules.Generate(), await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        Assert.Contains("alert: ModelplaneSloBurnRateFast", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private Task<CliRun> RunAsync(params string[] args) => _cli.RunAsync([.. args, "--server", server.Url, "--token", server.AdminToken]);
}
