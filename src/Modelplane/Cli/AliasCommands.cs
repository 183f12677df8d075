using System.CommandLine;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Registry.Models;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane models alias set|delete|list</c>: movable names such as <c>champion</c> for versions.</summary>
internal static class AliasCommands
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds the <c>alias</c> command group.</summary>
    public static Command Build(CliEnvironment env)
    {
        var alias = new Command("alias", "Point names like champion or challenger at versions; MODEL@ALIAS then works wherever MODEL@VERSION does.");
        alias.Subcommands.Add(Set(env));
        alias.Subcommands.Add(Delete(env));
        alias.Subcommands.Add(List(env));
        return alias;
    }

    private static string? Hint(ModelplaneApiException ex) =>
        ex.Status == 404 ? "Run `modelplane models show MODEL` to see versions and `modelplane models alias list MODEL` to see aliases." : null;

    private static Argument<string> AliasArgument() => new("ALIAS") { Description = $"The alias: {VersionMetadataRules.AliasRule}" };

    private static Command Set(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = "The model" };
        var alias = AliasArgument();
        var version = new Option<int>("--version") { Description = "The version to point at", HelpName = "N", Required = true };
        var command = new Command("set", "Create an alias or move it to another version; serving follows on the next request.") { name, alias, version }
            .WithExamples("modelplane models alias set churn champion --version 3");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var aliasName = parse.GetRequiredValue(alias);
            if (!VersionMetadataRules.IsValidAlias(aliasName))
            {
                throw new UsageException($"Alias '{aliasName}' is invalid: {VersionMetadataRules.AliasRule}.");
            }

            var set = await client.SetAliasAsync(parse.GetRequiredValue(name), aliasName, parse.GetValue(version), ct);
            if (output.Json)
            {
                output.WriteJson(set, Json.AliasDto);
            }
            else
            {
                output.Line($"[bold]{set.Model.EscapeMarkup()}@{set.Alias.EscapeMarkup()}[/] now points at version [bold]{set.Version}[/]");
            }

            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command Delete(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = "The model" };
        var alias = AliasArgument();
        var command = new Command("delete", "Remove an alias; the version itself stays.") { name, alias };
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var model = parse.GetRequiredValue(name);
            var aliasName = parse.GetRequiredValue(alias);
            await client.DeleteAliasAsync(model, aliasName, ct);
            output.Line($"Deleted alias [bold]{model.EscapeMarkup()}@{aliasName.EscapeMarkup()}[/]");
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command List(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = "The model" };
        var command = new Command("list", "List a model's aliases and the versions they name.") { name };
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var model = parse.GetRequiredValue(name);
            var aliases = await client.ListAliasesAsync(model, ct);
            if (output.Json)
            {
                output.WriteJson(aliases, Json.IReadOnlyListAliasDto);
                return ExitCodes.Success;
            }

            if (aliases.Count == 0)
            {
                output.Line($"{model.EscapeMarkup()} has no aliases. Set one with `modelplane models alias set {model.EscapeMarkup()} champion --version N`.");
                return ExitCodes.Success;
            }

            var table = CliOutput.Table("Alias", "Version", "Updated");
            foreach (var a in aliases)
            {
                table.AddRow(a.Alias.EscapeMarkup(), $"{a.Version}", CliOutput.Time(a.UpdatedAt));
            }

            output.Console.Write(table);
            return ExitCodes.Success;
        }, Hint);
        return command;
    }
}
