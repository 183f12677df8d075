using System.Diagnostics;
using Modelplane.Server.Slos;

namespace Modelplane.Server.Tests.Slos;

/// <summary>
/// The exported rules through Debian's promtool: they are valid, and on fixture series the page fires on a fast burn,
/// a short spike the long window does not confirm pages nobody, a slow burn opens a ticket only, and a healthy
/// endpoint fires nothing.
/// </summary>
public sealed class PrometheusRulesTests : IDisposable
{
    private const string Promtool = "/usr/bin/promtool";
    private const string Labels = """workspace="default",endpoint="churn",objective="availability" """;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mp-rules-");

    [Fact]
    public async Task CheckRules_ExportedFile_IsValid()
    {
        var (code, output) = await PromtoolAsync("check", "rules", await WriteRulesAsync());

        Assert.True(code == 0, output);
        Assert.Contains($"SUCCESS: {BurnRatePolicy.Windows.Count + BurnRatePolicy.Conditions.Count} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRules_FastBurn_PagesFastAndMedium()
    {
        // 2% of requests fail against a 0.1% budget: burn 20 on every window.
        var (code, output) = await TestAsync("0+1000x120", "0+20x120", "70m", fast: true, medium: true, slow: true);

        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task TestRules_ShortSpikeTheLongWindowDoesNotConfirm_DoesNotPageFast()
    {
        // One minute at 50% errors after an hour of health: 5m burns at 100, but 1h only at about 8 (< 14.4).
        var (code, output) = await TestAsync("0+1000x120", "0x60 500x60", "63m", fast: false, medium: null, slow: null);

        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task TestRules_SlowBurn_TicketsButDoesNotPage()
    {
        // 0.2% errors against a 0.1% budget for seven hours: burn 2, above 1 (ticket) and below 6 and 14.4 (pages).
        var (code, output) = await TestAsync("0+1000x450", "0+2x450", "7h", fast: false, medium: false, slow: true);

        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task TestRules_Healthy_FiresNothing()
    {
        var (code, output) = await TestAsync("0+1000x450", "0+0x450", "7h", fast: false, medium: false, slow: false);

        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task TestRules_WrongExpectation_Fails()
    {
        // The fixture harness itself can fail: a healthy endpoint expected to page makes promtool exit non-zero.
        var (code, _) = await TestAsync("0+1000x120", "0+0x120", "70m", fast: true, medium: null, slow: null);

        Assert.NotEqual(0, code);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private async Task<(int Code, string Output)> TestAsync(string events, string bad, string at, bool fast, bool? medium, bool? slow)
    {
        await WriteRulesAsync();
        var expectations = new List<string>();
        foreach (var (condition, fires) in new[] { (BurnRatePolicy.Fast, (bool?)fast), (BurnRatePolicy.Medium, medium), (BurnRatePolicy.Slow, slow) })
        {
            if (fires is not { } expected)
            {
                continue;
            }

            var severity = condition.Severity == AlertSeverity.Page ? "page" : "ticket";
            var alerts = expected
                ? $$"""

                          - exp_labels: { severity: {{severity}}, condition: {{condition.Name}}, {{Labels.Replace("=", ": ", StringComparison.Ordinal)}} }
                            exp_annotations:
                              summary: "Endpoint churn (workspace default) burns its availability error budget over {{Factor(condition)}}x too fast"
                              description: "The availability burn rate is above {{Factor(condition)}} over both {{SloWindows.Format(condition.LongWindow)}} and {{SloWindows.Format(condition.ShortWindow)}} ({{condition.Name}} burn, {{severity}}). See `modelplane slo status churn`."
                  """
                : " []";
            expectations.Add($"""
                      - eval_time: {at}
                        alertname: {PrometheusSloRules.AlertName(condition)}
                        exp_alerts:{alerts}
                """);
        }

        var test = $$"""
            rule_files: [rules.yml]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
                  - series: 'modelplane_slo_events_total{{{Labels}}}'
                    values: '{{events}}'
                  - series: 'modelplane_slo_bad_events_total{{{Labels}}}'
                    values: '{{bad}}'
                  - series: 'modelplane_slo_target_ratio{{{Labels}}}'
                    values: '0.999+0x500'
                alert_rule_test:
            {{string.Join("\n", expectations)}}
            """;
        var path = Path.Combine(_dir.FullName, "test.yml");
        await File.WriteAllTextAsync(path, test, TestContext.Current.CancellationToken);
        return await PromtoolAsync("test", "rules", path);
    }

    private static string Factor(BurnRateCondition c) => c.Factor.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> WriteRulesAsync()
    {
        var path = Path.Combine(_dir.FullName, "rules.yml");
        await File.WriteAllTextAsync(path, PrometheusSloRules.Generate(), TestContext.Current.CancellationToken);
        return path;
    }

    private async Task<(int Code, string Output)> PromtoolAsync(params string[] args)
    {
        Assert.True(File.Exists(Promtool), $"{Promtool} is missing: install Debian's prometheus package (apt-get install -y --no-install-recommends prometheus).");
        var start = new ProcessStartInfo(Promtool) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir.FullName };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
