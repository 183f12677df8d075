using System.CommandLine;
using System.CommandLine.Help;

namespace Modelplane.Cli;

/// <summary>The <c>modelplane</c> command tree and its entry point.</summary>
internal static class CommandLine
{
    /// <summary>Builds the root command with every subcommand wired to <paramref name="env"/>.</summary>
    public static RootCommand Build(CliEnvironment env)
    {
        var root = new RootCommand("Modelplane: register ONNX models, serve them over the Open Inference Protocol, and manage endpoints.")
            .WithExamples(
                "modelplane demo                      (start a server with the bundled models deployed)",
                "modelplane models push churn model.onnx --metric auc=0.91",
                "modelplane endpoints create churn --model churn@1",
                "modelplane predict churn --input rows.json");
        root.Subcommands.Add(ServerCommands.BuildServer(env));
        root.Subcommands.Add(ServerCommands.BuildDemo(env));
        root.Subcommands.Add(ModelsCommands.Build(env));
        root.Subcommands.Add(EndpointsCommands.Build(env));
        root.Subcommands.Add(RolloutCommands.Build(env));
        root.Subcommands.Add(RolloutCommands.BuildRollback(env));
        root.Subcommands.Add(InferenceLogCommands.Logs(env));
        root.Subcommands.Add(InferenceLogCommands.Labels(env));
        root.Subcommands.Add(ReplayCommand.Build(env));
        root.Subcommands.Add(Drift.DriftCommand.Build(env));
        root.Subcommands.Add(Drift.QualityCommand.Build(env));
        root.Subcommands.Add(Drift.MonitoringCommands.Build(env));
        root.Subcommands.Add(SloCommands.Build(env));
        root.Subcommands.Add(AlertsCommands.Build(env));
        root.Subcommands.Add(ExportCommands.Build(env));
        root.Subcommands.Add(VersionsCommands.Build(env));
        root.Subcommands.Add(PoliciesCommands.Build(env));
        root.Subcommands.Add(PredictCommand.Build(env));
        root.Subcommands.Add(AccessCommands.BuildWhoAmI(env));
        root.Subcommands.Add(AccessCommands.BuildMembers(env));
        root.Subcommands.Add(AccessCommands.BuildTokens(env));
        root.Subcommands.Add(WorkspacesCommands.Build(env));
        root.Subcommands.Add(AuditCommands.Build(env));
        root.Subcommands.Add(SecretsCommands.Build(env));
        root.Subcommands.Add(KeysCommands.Build(env));
        ShowHelpWhenNoSubcommand(root);
        CommandHelp.Install(root);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns one of <see cref="ExitCodes"/>.</summary>
    public static async Task<int> InvokeAsync(string[] args, CliEnvironment env, CancellationToken ct = default)
    {
        var parse = Build(env).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal))
            {
                await env.Error.WriteLineAsync(error);
            }

            await env.Error.WriteLineAsync($"Run `{ClientCommand.CommandPath(parse)} --help` for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = env.Out, Error = env.Error }, ct);
    }

    // A bare `modelplane` or `modelplane models` prints the help of that level instead of a terse parse error.
    private static void ShowHelpWhenNoSubcommand(Command command)
    {
        if (command.Subcommands.Count == 0)
        {
            return;
        }

        command.SetAction(parse =>
        {
            new HelpAction().Invoke(parse);
            return ExitCodes.Usage;
        });
        foreach (var sub in command.Subcommands)
        {
            ShowHelpWhenNoSubcommand(sub);
        }
    }
}
