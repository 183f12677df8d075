using System.CommandLine;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane models delete|restore|purge</c>: soft deletion, its undo, and the removal for good.</summary>
internal static partial class LifecycleCommands
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    private static string? Hint(ModelplaneApiException ex) => ex.Status switch
    {
        404 => "Run `modelplane models list` to see models and `modelplane models deleted` to see deleted ones.",
        409 => "Run `modelplane endpoints list`, `modelplane models alias list NAME` or `modelplane models deleted` to see what is in the way.",
        _ => null,
    };

    private static Argument<string> Reference(string what) => new("NAME[@VERSION]") { Description = what };

    /// <summary>Builds <c>models delete NAME[@VERSION|@ALIAS]</c>.</summary>
    public static Command BuildDelete(CliEnvironment env)
    {
        var reference = new Argument<string>("NAME[@VERSION|@ALIAS]") { Description = "A version to delete, or a whole model (all its versions) without @" };
        var reason = new Option<string?>("--reason") { Description = "Why, recorded with the delete", HelpName = "TEXT" };
        var by = new Option<string?>("--by") { Description = "Who deletes (defaults to $USER)", HelpName = "NAME" };
        var removeAliases = new Option<bool>("--remove-aliases") { Description = "Also remove aliases that point at the version (otherwise the delete is refused)" };
        var command = new Command(
            "delete",
            "Soft-delete a version or a model: it stops being served and listed at once, stays restorable until purged, and a version an endpoint serves cannot be deleted.")
            { reference, reason, by, removeAliases }
            .WithExamples(
                "modelplane models delete churn@2 --reason \"trained on leaked labels\"",
                "modelplane models delete churn@champion --remove-aliases",
                "modelplane models delete churn --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var target = ModelVersionReference.Parse(parse.GetRequiredValue(reference));
            var who = parse.GetValue(by) ?? env.GetVariable("USER");
            var why = parse.GetValue(reason);
            if (target.Version is null && target.Alias is null)
            {
                var model = await client.DeleteModelAsync(target.Model, why, who, ct);
                if (output.Json)
                {
                    output.WriteJson(model, Json.DeletedModelDto);
                    return ExitCodes.Success;
                }

                var name = model.Name.EscapeMarkup();
                output.Line($"Deleted model [bold]{name}[/] with versions {string.Join(", ", model.Versions)}; its name stays taken until purged.");
                output.Line($"Undo with `modelplane models restore {name}`; remove for good with `modelplane models purge {name}`.");
                return ExitCodes.Success;
            }

            var version = await client.DeleteVersionAsync(
                target.Model, target.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? target.Alias!, why, who, parse.GetValue(removeAliases), ct);
            if (output.Json)
            {
                output.WriteJson(version, Json.DeletedVersionDto);
                return ExitCodes.Success;
            }

            var deleted = $"{version.Model.EscapeMarkup()}@{version.Version}";
            output.Line($"Deleted [bold]{deleted}[/]; it is no longer served.");
            output.Line($"Undo with `modelplane models restore {deleted}`; remove for good with `modelplane models purge {deleted}`.");
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    /// <summary>Builds <c>models restore NAME[@VERSION]</c>.</summary>
    public static Command BuildRestore(CliEnvironment env)
    {
        var reference = Reference("A deleted version (by number), or a deleted model without @");
        var command = new Command("restore", "Undo a delete: the version (or the model with the versions its delete took) is served and listed again.") { reference }
            .WithExamples("modelplane models restore churn@2", "modelplane models restore churn");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var target = NumberedReference(parse.GetRequiredValue(reference), "restore");
            IReadOnlyList<ModelVersionDto> restored = target.Version is { } number
                ? [await client.RestoreVersionAsync(target.Model, number, ct)]
                : await client.RestoreModelAsync(target.Model, ct);
            if (output.Json)
            {
                output.WriteJson(restored, Json.IReadOnlyListModelVersionDto);
                return ExitCodes.Success;
            }

            output.Line(target.Version is null
                ? $"Restored model [bold]{target.Model.EscapeMarkup()}[/] with versions {string.Join(", ", restored.Select(v => v.Version))}"
                : $"Restored [bold]{target.Model.EscapeMarkup()}@{target.Version}[/]");
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    // Deleted versions have no aliases to go by, so restore and purge take numbers.
    private static ModelVersionReference NumberedReference(string text, string verb)
    {
        var target = ModelVersionReference.Parse(text);
        return target.Alias is null
            ? target
            : throw new UsageException($"'{text}': {verb} takes a version number (aliases never point at deleted versions), e.g. {target.Model}@2.");
    }
}
