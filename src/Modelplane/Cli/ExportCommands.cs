using System.CommandLine;
using Modelplane.Server.Slos;

namespace Modelplane.Cli;

/// <summary>
/// <c>modelplane export …</c>: configuration for the tools around Modelplane, generated from what the server itself
/// uses. Each export is one subcommand built by its own method.
/// </summary>
internal static class ExportCommands
{
    /// <summary>Builds the <c>export</c> command group.</summary>
    public static Command Build(CliEnvironment env)
    {
        var export = new Command("export", "Write configuration for Prometheus and other tools, generated from the server's own definitions.");
        export.Subcommands.Add(PrometheusRules(env));
        export.Subcommands.Add(ExportGrafanaCommand.Build(env));
        return export;
    }

    /// <summary>Builds <c>export prometheus-rules</c>: the SLO burn-rate recording and alerting rules.</summary>
    private static Command PrometheusRules(CliEnvironment env)
    {
        var file = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output", HelpName = "FILE" };
        var command = new Command(
            "prometheus-rules",
            "Prometheus recording and alerting rules equivalent to the server's built-in SLO burn-rate alerts (fast and medium burn page, slow burn tickets).")
        {
            file,
        }.WithExamples("modelplane export prometheus-rules -o modelplane-slo.rules.yml", "promtool check rules modelplane-slo.rules.yml");
        command.SetAction(async (parse, ct) =>
        {
            var rules = PrometheusSloRules.Generate();
            if (parse.GetValue(file) is { } path)
            {
                await File.WriteAllTextAsync(path.FullName, rules, ct);
                await env.Out.WriteLineAsync($"Wrote {path.FullName}");
            }
            else
            {
                await env.Out.WriteAsync(rules);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
