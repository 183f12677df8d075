using System.CommandLine;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

// models purge and models deleted.
internal static partial class LifecycleCommands
{
    /// <summary>Builds <c>models purge NAME[@VERSION] | --all</c>.</summary>
    public static Command BuildPurge(CliEnvironment env)
    {
        var reference = new Argument<string?>("NAME[@VERSION]")
        {
            Description = "A deleted version, or a model (its deleted versions, and the model itself if it is deleted)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var all = new Option<bool>("--all") { Description = "Purge everything deleted in the registry" };
        var command = new Command(
            "purge",
            "Remove deleted versions and models for good, with their metadata, and delete blobs no version uses any more. Only deleted items are purged; it asks nothing.")
            { reference, all }
            .WithExamples("modelplane models purge churn@2", "modelplane models purge churn", "modelplane models purge --all --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var text = parse.GetValue(reference);
            if (parse.GetValue(all) == (text is not null))
            {
                throw new UsageException("Name what to purge (NAME or NAME@VERSION) or pass --all, not both.");
            }

            var target = text is null ? (ModelVersionReference?)null : NumberedReference(text, "purge");
            var result = target switch
            {
                null => await client.PurgeAllDeletedAsync(ct),
                { Version: { } number } t => await client.PurgeVersionAsync(t.Model, number, ct),
                { } t => await client.PurgeModelAsync(t.Model, ct),
            };
            if (output.Json)
            {
                output.WriteJson(result, Json.PurgeResultDto);
                return ExitCodes.Success;
            }

            if (result.Versions.Count == 0 && result.Models.Count == 0)
            {
                output.Line($"Nothing to purge: {(target is { } named ? named.Model.EscapeMarkup() + " has" : "the registry has")} no deleted versions.");
                return ExitCodes.Success;
            }

            var versions = string.Join(", ", result.Versions.Select(v => $"{v.Model}@{v.Version}"));
            output.Line($"Purged {result.Versions.Count} {(result.Versions.Count == 1 ? "version" : "versions")}: {versions.EscapeMarkup()}");
            if (result.Models.Count > 0)
            {
                output.Line($"Removed {(result.Models.Count == 1 ? "model" : "models")} {string.Join(", ", result.Models).EscapeMarkup()}; the name is free again.");
            }

            output.Line($"Deleted {result.BlobsDeleted} unreferenced {(result.BlobsDeleted == 1 ? "blob" : "blobs")} ({CliOutput.Size(result.BytesFreed)}).");
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    /// <summary>Builds <c>models deleted [NAME]</c>.</summary>
    public static Command BuildDeleted(CliEnvironment env)
    {
        var model = new Argument<string?>("NAME") { Description = "Only this model's deleted items", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("deleted", "List deleted models and versions that can still be restored or purged.") { model }
            .WithExamples("modelplane models deleted", "modelplane models deleted churn --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var items = await client.ListDeletedAsync(parse.GetValue(model), ct);
            if (output.Json)
            {
                output.WriteJson(items, Json.DeletedItemsDto);
                return ExitCodes.Success;
            }

            if (items.Models.Count == 0 && items.Versions.Count == 0)
            {
                output.Line("Nothing is deleted.");
                return ExitCodes.Success;
            }

            var table = CliOutput.Table("Deleted", "Versions", "When", "By", "Reason");
            foreach (var m in items.Models)
            {
                table.AddRow($"model {m.Name.EscapeMarkup()}", string.Join(", ", m.Versions), CliOutput.Time(m.DeletedAt), (m.DeletedBy ?? "").EscapeMarkup(), (m.Reason ?? "").EscapeMarkup());
            }

            // Versions that went with their model are shown in the model's row.
            foreach (var v in items.Versions.Where(v => !v.WithModel))
            {
                table.AddRow($"{v.Model.EscapeMarkup()}@{v.Version}", $"{v.Version}", CliOutput.Time(v.DeletedAt), (v.DeletedBy ?? "").EscapeMarkup(), (v.Reason ?? "").EscapeMarkup());
            }

            output.Console.Write(table);
            return ExitCodes.Success;
        }, Hint);
        return command;
    }
}
