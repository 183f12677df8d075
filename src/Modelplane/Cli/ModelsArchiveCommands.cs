using System.CommandLine;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Registry.Models.Archive;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane models export|import</c>: a whole model with its versions, metadata and blobs as one archive.</summary>
internal static class ModelsArchiveCommands
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    private static string? Hint(ModelplaneApiException ex) => ex.Status switch
    {
        404 => "Run `modelplane models list` to see models.",
        409 => "Import it under another name with --as NAME.",
        400 => "The archive is corrupt, truncated or was changed after export; export it again.",
        413 => "The archive is larger than the server's Modelplane:MaxUploadBytes.",
        _ => null,
    };

    /// <summary>Builds <c>models export NAME -o FILE</c>.</summary>
    public static Command BuildExport(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = "The model to export, with all its versions" };
        var file = new Option<FileInfo>("--output", "-o") { Description = "The archive to write (.tar, or .tar.gz/.tgz to compress)", Required = true, HelpName = "FILE" };
        var gzip = new Option<bool>("--gzip") { Description = "Compress with gzip whatever the file name" };
        var command = new Command("export", "Write a model's versions, metadata, model cards and blobs to one archive (tar with manifest.json first).") { name, file, gzip }
            .WithExamples("modelplane models export churn -o churn.tar.gz", "modelplane models export churn -o churn.tar --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var model = parse.GetRequiredValue(name);
            var path = parse.GetRequiredValue(file);
            var compress = parse.GetValue(gzip) || path.Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || path.Name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);
            var bytes = await DownloadAsync(env, client, output, model, path.FullName, compress, ct);
            ModelArchiveManifest manifest;
            await using (var written = FileDigest.OpenSequential(path.FullName))
            {
                manifest = await ModelArchiveManifest.ReadFromArchiveAsync(written, ct);
            }

            if (output.Json)
            {
                output.Raw(System.Text.Encoding.UTF8.GetString(manifest.ToJson()));
                return ExitCodes.Success;
            }

            var blobs = manifest.Versions.DistinctBy(v => v.Digest).Count();
            output.Line($"Exported [bold]{model.EscapeMarkup()}[/] ({manifest.Versions.Count} versions, {blobs} blobs) to {path.FullName.EscapeMarkup()} ({CliOutput.Size(bytes)})");
            var table = CliOutput.Table("Version", "Digest", "Size", "Format", "Aliases", "Card");
            foreach (var v in manifest.Versions)
            {
                table.AddRow($"{v.Version}", v.Digest.EscapeMarkup(), CliOutput.Size(v.SizeBytes), v.Format.EscapeMarkup(), string.Join(", ", v.Aliases).EscapeMarkup(), v.HasCard ? "yes" : "-");
            }

            output.Console.Write(table);
            output.Line($"Import it elsewhere with: modelplane models import {path.Name.EscapeMarkup()}");
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    /// <summary>Builds <c>models import FILE [--as NAME]</c>.</summary>
    public static Command BuildImport(CliEnvironment env)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "An archive written by `modelplane models export`" };
        var asName = new Option<string?>("--as") { Description = "Register the model under this name instead of the archived one", HelpName = "NAME" };
        var command = new Command("import", "Register a model from an archive: every blob's SHA-256 is verified and all versions keep their numbers, or nothing is registered.") { file, asName }
            .WithExamples("modelplane models import churn.tar.gz", "modelplane models import churn.tar.gz --as churn-copy --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!path.Exists)
            {
                throw new UsageException($"File '{path.FullName}' does not exist.");
            }

            var imported = await UploadAsync(env, client, output, path, parse.GetValue(asName), ct);
            if (output.Json)
            {
                output.WriteJson(imported, Json.ModelDto);
                return ExitCodes.Success;
            }

            output.Line($"Imported [bold]{imported.Name.EscapeMarkup()}[/]: {imported.Versions.Count} versions, latest {imported.LatestVersion}");
            var table = CliOutput.Table("Version", "Digest", "Size", "Format", "Aliases", "Approval");
            foreach (var v in imported.Versions.OrderBy(v => v.Version))
            {
                table.AddRow($"{v.Version}", v.Digest.EscapeMarkup(), CliOutput.Size(v.SizeBytes), v.Format.EscapeMarkup(), string.Join(", ", v.Aliases).EscapeMarkup(), (v.Approval?.Status ?? "-").EscapeMarkup());
            }

            output.Console.Write(table);
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    // Written next to the target and renamed at the end, so a failed or aborted export never leaves a truncated archive under the real name.
    private static async Task<long> DownloadAsync(CliEnvironment env, ModelplaneClient client, CliOutput output, string model, string path, bool gzip, CancellationToken ct)
    {
        var partial = path + ".partial";
        try
        {
            long bytes;
            await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                bytes = await WithProgressAsync(env, output, $"Exporting {model}", await ExpectedBytesAsync(client, output, model, ct),
                    progress => client.ExportModelAsync(model, stream, gzip, progress, ct));
            }

            File.Move(partial, path, overwrite: true);
            return bytes;
        }
        catch (HttpIOException ex)
        {
            DeleteIfExists(partial);
            throw new ModelplaneApiException(0, $"The server stopped sending the archive midway ({ex.Message}); nothing was written to {path}.");
        }
        catch
        {
            DeleteIfExists(partial);
            throw;
        }
    }

    private static void DeleteIfExists(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private static async Task<ModelDto> UploadAsync(CliEnvironment env, ModelplaneClient client, CliOutput output, FileInfo path, string? asName, CancellationToken ct)
    {
        var stream = FileDigest.OpenSequential(path.FullName);
        await using (stream)
        {
            return await WithProgressAsync(env, output, $"Importing {path.Name}", path.Length,
                progress => client.ImportModelAsync(stream, asName, progress, ct));
        }
    }

    // The bar's total for an export: the distinct blobs' sizes (the tar adds a little), asked only when a bar is drawn.
    private static async Task<long> ExpectedBytesAsync(ModelplaneClient client, CliOutput output, string model, CancellationToken ct) =>
        output.ShowProgress ? (await client.GetModelAsync(model, ct)).Versions.DistinctBy(v => v.Digest).Sum(v => v.SizeBytes) : 0;

    // Progress goes to standard error so standard output stays the command's result.
    private static async Task<T> WithProgressAsync<T>(CliEnvironment env, CliOutput output, string description, long total, Func<IProgress<long>?, Task<T>> run)
    {
        if (!output.ShowProgress)
        {
            return await run(null);
        }

        return await env.ErrorConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(description.EscapeMarkup(), maxValue: Math.Max(1, total));
                var result = await run(new CallbackProgress<long>(done => task.Value = Math.Min(done, task.MaxValue)));
                task.Value = task.MaxValue;
                return result;
            });
    }
}
