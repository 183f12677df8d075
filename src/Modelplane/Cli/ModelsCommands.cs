using System.CommandLine;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane models push|list|show|...</c>: register model versions, look at them, delete and restore them.</summary>
internal static class ModelsCommands
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds the <c>models</c> command group.</summary>
    public static Command Build(CliEnvironment env)
    {
        var models = new Command("models", "Register ONNX models and inspect their versions.");
        models.Subcommands.Add(Push(env));
        models.Subcommands.Add(List(env));
        models.Subcommands.Add(Show(env));
        models.Subcommands.Add(ModelsSignCommand.Build(env));
        models.Subcommands.Add(SearchCommand.Build(env));
        models.Subcommands.Add(AliasCommands.Build(env));
        models.Subcommands.Add(ModelsMetadataCommands.BuildTag(env));
        models.Subcommands.Add(ModelsMetadataCommands.BuildApprove(env));
        models.Subcommands.Add(ModelsMetadataCommands.BuildReject(env));
        models.Subcommands.Add(CardCommands.Build(env));
        models.Subcommands.Add(LineageCommand.Build(env));
        models.Subcommands.Add(ProfileCommand.Build(env));
        models.Subcommands.Add(ExecutionCommand.Build(env));
        models.Subcommands.Add(Drift.RetrainingCommands.Build(env));
        models.Subcommands.Add(ModelsArchiveCommands.BuildExport(env));
        models.Subcommands.Add(ModelsArchiveCommands.BuildImport(env));
        models.Subcommands.Add(LifecycleCommands.BuildDelete(env));
        models.Subcommands.Add(LifecycleCommands.BuildRestore(env));
        models.Subcommands.Add(LifecycleCommands.BuildPurge(env));
        models.Subcommands.Add(LifecycleCommands.BuildDeleted(env));
        return models;
    }

    private static string? Hint(ModelplaneApiException ex) => ex.Status switch
    {
        404 => "Run `modelplane models list` to see models.",
        400 or 413 or 415 or 422 => "Check that the file is a valid ONNX model and the options are KEY=VALUE.",
        _ => null,
    };

    private static Command Push(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = "Model name; the model is created by its first push" };
        var file = new Argument<FileInfo>("FILE") { Description = "The .onnx file to upload" };
        var description = new Option<string?>("--description") { Description = "Free text about this version" };
        var tags = new Option<string[]>("--tag") { Description = "A label, repeatable", HelpName = "KEY=VALUE" };
        var metrics = new Option<string[]>("--metric") { Description = "An evaluation result, repeatable", HelpName = "KEY=NUMBER" };
        var sign = new Option<string?>("--sign") { Description = "Sign the artifact's digest with this registered key (private key from ~/.modelplane/keys/KEY.key)", HelpName = "KEY" };
        var keyFile = new Option<string?>("--key-file") { Description = "The private key for --sign, when not in the default place", HelpName = "FILE" };
        var referenceData = new Option<FileInfo?>("--reference-data")
        {
            Description = "Training data (.csv with a header row, or .parquet) to compute the version's reference profile from right after the push "
                + "(see: modelplane models profile)",
            HelpName = "FILE",
        };
        var label = ProfileCommand.LabelOption();
        var lineage = new PushLineageOptions();
        var command = new Command("push", "Upload an ONNX file as the next immutable version of a model and print its version number and SHA-256.")
        {
            name, file, description, tags, metrics, sign, keyFile, referenceData, label,
        }
            .WithExamples(
                "modelplane models push churn model.onnx --metric auc=0.91 --tag team=risk",
                "modelplane models push churn model.onnx --dataset train.csv --code-repo https://git.example/churn --code-commit 3f2a1c --param max_depth=6 --parent 1",
                "modelplane models push churn model.onnx --description \"retrained on May data\" --json",
                "modelplane models push churn model.onnx --sign release",
                "modelplane models push churn model.onnx --reference-data train.csv --label churned");

        lineage.AddTo(command);
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var model = parse.GetRequiredValue(name);
            var path = parse.GetRequiredValue(file);
            var options = new PushOptions
            {
                Description = parse.GetValue(description),
                Tags = KeyValueArguments.ParseTags(parse.GetValue(tags) ?? []),
                Metrics = KeyValueArguments.ParseMetrics(parse.GetValue(metrics) ?? []),
            };
            options = await lineage.ApplyAsync(parse, env, options, ct);
            if (!path.Exists)
            {
                throw new UsageException($"File '{path.FullName}' does not exist.");
            }

            options = options with { Sha256 = await FileDigest.Sha256HexAsync(path.FullName, ct) };
            if (parse.GetValue(sign) is { } signingKey)
            {
                var signature = SigningKeyFiles.Sign(env, signingKey, parse.GetValue(keyFile), options.Sha256);
                options = options with { SignatureKey = signingKey, Signature = Convert.ToBase64String(signature) };
            }
            else if (parse.GetValue(keyFile) is not null)
            {
                throw new UsageException("--key-file needs --sign KEY.");
            }

            if (parse.GetValue(label) is not null && parse.GetValue(referenceData) is null)
            {
                throw new UsageException("--label needs --reference-data FILE.");
            }

            var created = await UploadAsync(client, output, model, path, options, ct);

            // Profiled after the push: a profile belongs to a version, so there is none to attach it to before.
            var profile = parse.GetValue(referenceData) is { } data
                ? await ProfileCommand.ProfileAfterPushAsync(client, created, data, parse.GetValue(label), ct)
                : null;
            if (output.Json)
            {
                output.WriteJson(created, Json.ModelVersionDto);
                return ExitCodes.Success;
            }

            output.Line($"Pushed [bold]{created.Model.EscapeMarkup()}[/] version [bold]{created.Version}[/]");
            output.Line($"  sha256  {created.Digest.EscapeMarkup()}");
            output.Line($"  size    {CliOutput.Size(created.SizeBytes)}");
            foreach (var s in created.Signatures)
            {
                output.Line($"  signed  by {s.Key.EscapeMarkup()} ({s.Fingerprint})");
            }

            if (profile is not null)
            {
                ProfileCommand.Write(output, profile);
            }

            output.Line($"Serve it with: modelplane endpoints create {created.Model.EscapeMarkup()} --model {created.Model.EscapeMarkup()}@{created.Version}");
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static async Task<ModelVersionDto> UploadAsync(ModelplaneClient client, CliOutput output, string model, FileInfo path, PushOptions options, CancellationToken ct)
    {
        var stream = FileDigest.OpenSequential(path.FullName);
        await using (stream)
        {
            if (!output.ShowProgress)
            {
                return await client.PushModelAsync(model, stream, options, progress: null, ct);
            }

            return await output.Console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"Uploading {path.Name.EscapeMarkup()}", maxValue: Math.Max(1, path.Length));
                    var result = await client.PushModelAsync(model, stream, options, new CallbackProgress<long>(sent => task.Value = sent), ct);
                    task.Value = task.MaxValue;
                    return result;
                });
        }
    }

    private static Command List(CliEnvironment env)
    {
        var command = new Command("list", "List registered models with their latest version.")
            .WithExamples("modelplane models list", "modelplane models list --json");
        ClientCommand.Configure(env, command, async (_, client, output, ct) =>
        {
            var models = await client.ListModelsAsync(ct);
            if (output.Json)
            {
                output.WriteJson(models, Json.IReadOnlyListModelSummaryDto);
                return ExitCodes.Success;
            }

            if (models.Count == 0)
            {
                output.Line("No models yet. Push one with `modelplane models push NAME FILE`.");
                return ExitCodes.Success;
            }

            var table = CliOutput.Table("Name", "Latest", "Versions", "Created", "Updated");
            foreach (var m in models)
            {
                table.AddRow(m.Name.EscapeMarkup(), $"{m.LatestVersion}", $"{m.VersionCount}", CliOutput.Time(m.CreatedAt), CliOutput.Time(m.UpdatedAt));
            }

            output.Console.Write(table);
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command Show(CliEnvironment env)
    {
        var reference = new Argument<string>("NAME[@VERSION|@ALIAS]") { Description = "A model, or one version of it by number or alias; without @ the latest is shown with the version list" };
        var command = new Command("show", "Show a model version: signature (inputs and outputs with datatypes and shapes), digest, size, metrics and tags.") { reference }
            .WithExamples(
                "modelplane models show churn",
                "modelplane models show churn@2 --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var target = ModelVersionReference.Parse(parse.GetRequiredValue(reference));
            if ((target.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? target.Alias) is { } version)
            {
                var one = await client.GetVersionAsync(target.Model, version, ct);
                if (output.Json)
                {
                    output.WriteJson(one, Json.ModelVersionDto);
                }
                else
                {
                    ModelViews.WriteVersion(output, one);
                    await ExecutionView.WriteIfServedAsync(output, client, one.Model, version, ct);
                }

                return ExitCodes.Success;
            }

            var model = await client.GetModelAsync(target.Model, ct);
            if (output.Json)
            {
                output.WriteJson(model, Json.ModelDto);
            }
            else
            {
                ModelViews.WriteModel(output, model);
                await ExecutionView.WriteIfServedAsync(output, client, model.Name, model.LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
            }

            return ExitCodes.Success;
        }, Hint);
        return command;
    }
}
