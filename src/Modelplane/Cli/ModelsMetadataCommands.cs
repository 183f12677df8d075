using System.CommandLine;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane models tag set|delete</c>, <c>versions approve</c> and <c>versions reject</c>: the mutable metadata of a version.</summary>
internal static class ModelsMetadataCommands
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    private static string? Hint(ModelplaneApiException ex) =>
        ex.Status == 404 ? "Run `modelplane models show MODEL` to see its versions, tags and aliases." : null;

    private static Argument<string> Reference() => new("NAME@VERSION") { Description = "The version, by number or alias (NAME@3, NAME@champion)" };

    /// <summary>Builds <c>models tag set|delete</c>.</summary>
    public static Command BuildTag(CliEnvironment env)
    {
        var tag = new Command("tag", "Set or delete tags on an existing version (the artifact never changes).");

        var reference = Reference();
        var key = new Argument<string>("KEY") { Description = "The tag key" };
        var value = new Argument<string>("VALUE") { Description = "The tag value" };
        var set = new Command("set", "Set one tag, replacing its value if it exists.") { reference, key, value }
            .WithExamples("modelplane models tag set churn@3 stage prod");
        ClientCommand.Configure(env, set, async (parse, client, output, ct) =>
        {
            var target = ModelVersionReference.Parse(parse.GetRequiredValue(reference));
            var updated = await client.SetTagAsync(target.Model, await target.VersionOrAliasAsync(client, ct), parse.GetRequiredValue(key), parse.GetRequiredValue(value), ct);
            return Done(output, updated, $"Tagged [bold]{updated.Model.EscapeMarkup()}@{updated.Version}[/] {parse.GetRequiredValue(key).EscapeMarkup()}={parse.GetRequiredValue(value).EscapeMarkup()}");
        }, Hint);

        var deleteReference = Reference();
        var deleteKey = new Argument<string>("KEY") { Description = "The tag key" };
        var delete = new Command("delete", "Delete one tag.") { deleteReference, deleteKey };
        ClientCommand.Configure(env, delete, async (parse, client, output, ct) =>
        {
            var target = ModelVersionReference.Parse(parse.GetRequiredValue(deleteReference));
            await client.DeleteTagAsync(target.Model, await target.VersionOrAliasAsync(client, ct), parse.GetRequiredValue(deleteKey), ct);
            output.Line($"Deleted tag {parse.GetRequiredValue(deleteKey).EscapeMarkup()} from {target.ToString().EscapeMarkup()}");
            return ExitCodes.Success;
        }, Hint);

        tag.Subcommands.Add(set);
        tag.Subcommands.Add(delete);
        return tag;
    }

    /// <summary>Builds <c>approve NAME@V [--comment]</c> (under <c>versions</c>, and <c>models</c> for older scripts).</summary>
    public static Command BuildApprove(CliEnvironment env) => Decision(env, "approve", "approved", commentRequired: false);

    /// <summary>Builds <c>reject NAME@V --comment TEXT</c>.</summary>
    public static Command BuildReject(CliEnvironment env) => Decision(env, "reject", "rejected", commentRequired: true);

    // Who decides is the server's to say (the token's principal), so there is no --by: a name typed here would be a claim.
    private static Command Decision(CliEnvironment env, string verb, string status, bool commentRequired)
    {
        var reference = Reference();
        var comment = new Option<string?>("--comment") { Description = commentRequired ? "Why (required)" : "Why (optional)", HelpName = "TEXT", Required = commentRequired };
        var command = new Command(verb, $"Mark a version {status} as the calling principal, recording who, when and why.") { reference, comment }
            .WithExamples(commentRequired
                ? $"modelplane versions {verb} churn@3 --comment \"AUC regressed on segment B\""
                : $"modelplane versions {verb} churn@3 --comment \"passed review\"");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var target = ModelVersionReference.Parse(parse.GetRequiredValue(reference));
            var version = await target.VersionOrAliasAsync(client, ct);
            var updated = commentRequired
                ? await client.RejectVersionAsync(target.Model, version, parse.GetRequiredValue(comment)!, ct)
                : await client.ApproveVersionAsync(target.Model, version, parse.GetValue(comment), ct);
            var approval = updated.Approval;
            var when = approval?.At is { } at ? $" at {CliOutput.Time(at)}" : "";
            return Done(output, updated, $"{updated.Model.EscapeMarkup()}@{updated.Version} is now [bold]{(approval?.Status ?? status).EscapeMarkup()}[/] by {(approval?.By ?? "?").EscapeMarkup()}{when}");
        }, ex => ex.Status == 403 ? "Approving needs the approver role, and the author of a high-risk version cannot approve it." : Hint(ex));
        return command;
    }

    private static int Done(CliOutput output, ModelVersionDto version, string markup)
    {
        if (output.Json)
        {
            output.WriteJson(version, Json.ModelVersionDto);
        }
        else
        {
            output.Line(markup);
        }

        return ExitCodes.Success;
    }
}
