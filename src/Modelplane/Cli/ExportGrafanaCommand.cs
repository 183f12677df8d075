using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modelplane.Cli.Grafana;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane export grafana</c>: the executive, on-call and debug dashboards as Grafana JSON files.</summary>
internal static class ExportGrafanaCommand
{
    // The files are read and diffed by people (deploy/ keeps a copy), never embedded in HTML: PromQL's quotes stay quotes.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Builds <c>grafana</c> (a subcommand of <c>export</c>).</summary>
    public static Command Build(CliEnvironment env)
    {
        var directory = new Option<DirectoryInfo>("--output", "-o")
        {
            Description = "Folder the dashboards are written to (created if missing; files of the same name are replaced)",
            HelpName = "DIR",
            DefaultValueFactory = _ => new DirectoryInfo("."),
        };
        var json = new Option<bool>("--json") { Description = "Print the written files as a JSON array instead of lines" };
        var command = new Command(
            "grafana",
            "Write Modelplane's Grafana dashboards (executive, on-call, debug) as JSON: import them in Grafana or point a dashboard provider at the folder. "
            + "They query a Prometheus data source chosen in each dashboard; the SLO burn-rate panels read the recording rules of `modelplane export prometheus-rules`.")
        {
            directory,
            json,
        }.WithExamples(
            "modelplane export grafana -o deploy/grafana",
            "modelplane export grafana -o /var/lib/grafana/dashboards/modelplane --json");
        command.SetAction(parse =>
        {
            var output = new CliOutput(env, parse.GetValue(json));
            try
            {
                var written = Write(parse.GetRequiredValue(directory));
                if (output.Json)
                {
                    output.Raw(new JsonArray([.. written.Select(p => JsonValue.Create(p))]).ToJsonString(Indented));
                    return ExitCodes.Success;
                }

                foreach (var path in written)
                {
                    output.Line($"Wrote {path.EscapeMarkup()}");
                }

                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                output.Error(ex.Message, "Check that the --output folder can be created and written.");
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    /// <summary>Writes every dashboard into <paramref name="directory"/> and returns the full paths written.</summary>
    internal static IReadOnlyList<string> Write(DirectoryInfo directory)
    {
        directory.Create();
        var written = new List<string>();
        foreach (var (fileName, build) in ModelplaneDashboards.All)
        {
            var path = Path.Combine(directory.FullName, fileName);
            File.WriteAllText(path, build().ToJson().ToJsonString(Indented) + "\n");
            written.Add(path);
        }

        return written;
    }
}
