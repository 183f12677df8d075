using System.CommandLine;
using Modelplane.Cli.Cards;
using Modelplane.Client;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane models card set|show</c>: the Markdown model card stored with a version.</summary>
internal static class CardCommands
{
    /// <summary>Builds the <c>card</c> command group.</summary>
    public static Command Build(CliEnvironment env)
    {
        var card = new Command("card", "Store and read a version's model card (Markdown: intended use, limitations, evaluation, fairness notes).");
        card.Subcommands.Add(Set(env));
        card.Subcommands.Add(Show(env));
        return card;
    }

    private static string? Hint(ModelplaneApiException ex) =>
        ex.Status == 404 ? "Check the version with `modelplane models show MODEL@VERSION`; store a card with `modelplane models card set`." : null;

    private static Command Set(CliEnvironment env)
    {
        var reference = new Argument<string>("NAME@VERSION") { Description = "The version, by number or alias" };
        var file = new Argument<FileInfo>("FILE") { Description = "A Markdown file" };
        var command = new Command("set", "Store (or replace) the model card of a version.") { reference, file }
            .WithExamples("modelplane models card set churn@3 CARD.md");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!path.Exists)
            {
                throw new UsageException($"File '{path.FullName}' does not exist.");
            }

            var target = ModelVersionReference.Parse(parse.GetRequiredValue(reference));
            await client.SetCardAsync(target.Model, await target.VersionOrAliasAsync(client, ct), await File.ReadAllTextAsync(path.FullName, ct), ct);
            output.Line($"Stored the model card of [bold]{target.ToString().EscapeMarkup()}[/] ({CliOutput.Size(path.Length)})");
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command Show(CliEnvironment env)
    {
        var reference = new Argument<string>("NAME@VERSION") { Description = "The version, by number or alias" };
        var command = new Command("show", "Print a version's model card as readable text (--json prints the Markdown as a JSON string).") { reference }
            .WithExamples("modelplane models card show churn@champion");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var target = ModelVersionReference.Parse(parse.GetRequiredValue(reference));
            var markdown = await client.GetCardAsync(target.Model, await target.VersionOrAliasAsync(client, ct), ct);
            if (output.Json)
            {
                output.Raw(System.Text.Json.JsonSerializer.Serialize(markdown, ModelplaneJsonContext.Default.String));
                return ExitCodes.Success;
            }

            foreach (var line in MarkdownText.ToMarkup(markdown))
            {
                output.Line(line);
            }

            return ExitCodes.Success;
        }, Hint);
        return command;
    }
}
