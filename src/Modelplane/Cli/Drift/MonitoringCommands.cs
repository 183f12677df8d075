using System.CommandLine;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli.Drift;

/// <summary><c>modelplane monitoring show|set</c>: how an endpoint's traffic is cut into windows and judged for drift.</summary>
internal static class MonitoringCommands
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds the <c>monitoring</c> command group.</summary>
    public static Command Build(CliEnvironment env)
    {
        var monitoring = new Command("monitoring", "Drift monitoring of endpoints: window size, thresholds, and how many drifting windows raise an alert.");
        monitoring.Subcommands.Add(Show(env));
        monitoring.Subcommands.Add(MonitoringSetCommand.Build(env));
        return monitoring;
    }

    private static Command Show(CliEnvironment env)
    {
        var endpoint = new Argument<string>("ENDPOINT") { Description = "An existing endpoint" };
        var command = new Command("show", "Show an endpoint's monitoring settings (the defaults until set).") { endpoint }
            .WithExamples("modelplane monitoring show churn", "modelplane monitoring show churn --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            Write(output, await client.GetMonitoringAsync(parse.GetRequiredValue(endpoint), ct));
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    /// <summary>What to suggest when the server refuses a monitoring request.</summary>
    internal static string? Hint(ModelplaneApiException ex) => ex.Status switch
    {
        404 => "Run `modelplane endpoints list` to see endpoints.",
        _ => null,
    };

    /// <summary>Writes the settings as JSON or as a short description.</summary>
    public static void Write(CliOutput output, MonitoringSettingsDto s)
    {
        if (output.Json)
        {
            output.WriteJson(s, Json.MonitoringSettingsDto);
            return;
        }

        var t = s.Thresholds;
        output.Line($"Endpoint [bold]{s.Endpoint.EscapeMarkup()}[/]: monitoring {(s.Enabled ? "[green]on[/]" : "[grey]off[/]")}");
        var facts = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        facts.AddRow("  Windows", Windows(s).EscapeMarkup());
        facts.AddRow("  Alert after", $"{s.ConsecutiveWindows} drifting windows in a row");
        facts.AddRow("  PSI", $"warning {MonitoringFormat.Error(t.PsiWarning)}, drift {MonitoringFormat.Error(t.PsiAlert)}");
        facts.AddRow("  Tests", $"KS and chi-square at alpha {MonitoringFormat.Error(t.PValueAlpha)}, corrected for the number of features");
        facts.AddRow("  Missing values", $"warning {MonitoringFormat.Percent(t.MissingRateWarning)}, drift {MonitoringFormat.Percent(t.MissingRateAlert)} change in rate");
        facts.AddRow("  Judged from", t.MinRows is { } min ? $"{min} rows per window (fewer: insufficient data)" : MonitoringFormat.None);
        foreach (var (feature, levels) in (t.Features ?? new Dictionary<string, FeatureThresholdsDto>()).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            facts.AddRow($"  PSI of {feature.EscapeMarkup()}", $"warning {MonitoringFormat.Error(levels.PsiWarning)}, drift {MonitoringFormat.Error(levels.PsiAlert)}");
        }

        facts.AddRow("  Set", s.UpdatedAt is { } at ? $"{CliOutput.Time(at)} by {(s.UpdatedBy ?? "?").EscapeMarkup()}" : "never (defaults)");
        output.Console.Write(facts);
    }

    private static string Windows(MonitoringSettingsDto s) => (s.WindowRows, s.WindowDuration) switch
    {
        ({ } rows, { } duration) => $"close every {rows} rows or {duration}, whichever comes first",
        ({ } rows, null) => $"close every {rows} rows",
        (null, { } duration) => $"close every {duration}",
        _ => "never close (no rows or duration set)",
    };
}
