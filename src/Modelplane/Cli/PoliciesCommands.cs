using System.CommandLine;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane policies show|set|clear|check</c>: the workspace's admission policy.</summary>
internal static class PoliciesCommands
{
    private const string Description = """
        The workspace's admission policy, checked before a version is deployed (endpoint create/set), promoted
        (MLflow stage Staging/Production) or given an alias; a refused action answers 403 naming every failed rule.
        A policy is YAML or JSON:
          rules:
            - metric: auc            # min: and/or max: (inclusive)
              min: 0.85
            - require: [signature, reference_profile, model_card, dataset_lineage]
            - formats: [onnx]        # onnx, mlnet
            - max_artifact_bytes: 500000000
            - risk_tier: high        # or a list; tier from tag risk_tier of the version, else the model
              require_approval: true # approved by someone other than the version's author
            - signature:
                trusted_keys: [release-key]
          applies_to: [deploy, promote, alias]   # default all; any rule may also have its own applies_to
        """;

    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds the <c>policies</c> command group.</summary>
    public static Command Build(CliEnvironment env)
    {
        var policies = new Command("policies", Description);
        policies.Subcommands.Add(Show(env));
        policies.Subcommands.Add(Set(env));
        policies.Subcommands.Add(Clear(env));
        policies.Subcommands.Add(Check(env));
        return policies;
    }

    private static string? Hint(ModelplaneApiException ex) => ex.Status switch
    {
        404 => "The workspace has no policy (set one with `modelplane policies set FILE`), or the version does not exist.",
        400 => "See `modelplane policies --help` for the document's shape.",
        _ => null,
    };

    private static Command Show(CliEnvironment env)
    {
        var command = new Command("show", "Print the workspace's policy as written, with who set it when.");
        ClientCommand.Configure(env, command, async (_, client, output, ct) =>
        {
            var policy = await client.GetPolicyAsync(ct);
            if (output.Json)
            {
                output.WriteJson(policy, Json.PolicyDto);
                return ExitCodes.Success;
            }

            output.Line($"Policy of workspace [bold]{policy.Workspace.EscapeMarkup()}[/]: {policy.RuleCount} rule(s), applies to {string.Join(", ", policy.AppliesTo)}; set by {policy.UpdatedBy.EscapeMarkup()} at {CliOutput.Time(policy.UpdatedAt)}");
            output.Raw(policy.Text.TrimEnd());
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command Set(CliEnvironment env)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A policy document (.yaml, .yml or .json)" };
        var command = new Command("set", "Replace the workspace's policy with FILE (checked by the server; nothing changes if it is invalid).") { file }
            .WithExamples("modelplane policies set policy.yaml");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!path.Exists)
            {
                throw new UsageException($"File '{path.FullName}' does not exist.");
            }

            var isJson = string.Equals(path.Extension, ".json", StringComparison.OrdinalIgnoreCase);
            var policy = await client.SetPolicyAsync(await File.ReadAllTextAsync(path.FullName, ct), isJson, ct);
            if (output.Json)
            {
                output.WriteJson(policy, Json.PolicyDto);
            }
            else
            {
                output.Line($"Set the policy of workspace [bold]{policy.Workspace.EscapeMarkup()}[/]: {policy.RuleCount} rule(s), applies to {string.Join(", ", policy.AppliesTo)}");
            }

            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command Clear(CliEnvironment env)
    {
        var command = new Command("clear", "Remove the workspace's policy: every action is allowed again.");
        ClientCommand.Configure(env, command, async (_, client, output, ct) =>
        {
            await client.ClearPolicyAsync(ct);
            output.Line("Removed the workspace's policy.");
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command Check(CliEnvironment env)
    {
        var reference = new Argument<string>("NAME@VERSION") { Description = "The version, by number or alias" };
        var action = new Option<string>("--action") { Description = "deploy, promote or alias", HelpName = "ACTION", DefaultValueFactory = _ => "deploy" };
        action.AcceptOnlyFromAmong("deploy", "promote", "alias");
        var command = new Command("check", "Say whether the policy admits an action on a version, changing nothing; exits 1 when refused.") { reference, action }
            .WithExamples("modelplane policies check churn@3 --action promote");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var target = ModelVersionReference.Parse(parse.GetRequiredValue(reference));
            var result = await client.CheckPolicyAsync(target.Model, await target.VersionOrAliasAsync(client, ct), parse.GetRequiredValue(action), ct);
            if (output.Json)
            {
                output.WriteJson(result, Json.PolicyCheckDto);
            }
            else if (result.Allowed)
            {
                output.Line($"[green]allowed[/]: {result.Action} {result.Model.EscapeMarkup()}@{result.Version}");
            }
            else
            {
                output.Line($"[red]refused[/]: {result.Action} {result.Model.EscapeMarkup()}@{result.Version}");
                var table = CliOutput.Table("Rule", "Why");
                foreach (var violation in result.Violations)
                {
                    table.AddRow(violation.Rule.EscapeMarkup(), violation.Message.EscapeMarkup());
                }

                output.Console.Write(table);
            }

            return result.Allowed ? ExitCodes.Success : ExitCodes.ApiError;
        }, Hint);
        return command;
    }
}
