using System.CommandLine;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane secrets list|set|delete</c>: encrypted values that configuration refers to as <c>secret:NAME</c>.</summary>
internal static class SecretsCommands
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds the <c>secrets</c> command group.</summary>
    public static Command Build(CliEnvironment env)
    {
        var secrets = new Command("secrets", "Secrets stored encrypted on the server; values are written, never shown.");
        secrets.Subcommands.Add(List(env));
        secrets.Subcommands.Add(Set(env));
        secrets.Subcommands.Add(Delete(env));
        return secrets;
    }

    private static string? Hint(ModelplaneApiException ex) => ex.Status == 404 ? "Run `modelplane secrets list` to see the workspace's secrets." : null;

    private static Command List(CliEnvironment env)
    {
        var command = new Command("list", "List secrets by name and version (never their values).");
        ClientCommand.Configure(env, command, async (_, client, output, ct) =>
        {
            var secrets = await client.ListSecretsAsync(ct);
            if (output.Json)
            {
                output.WriteJson(secrets, Json.IReadOnlyListSecretDto);
                return ExitCodes.Success;
            }

            var table = CliOutput.Table("Name", "Version", "Updated");
            foreach (var s in secrets)
            {
                table.AddRow(s.Name.EscapeMarkup(), $"{s.Version}", CliOutput.Time(s.UpdatedAt));
            }

            output.Console.Write(table);
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command Set(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = "Secret name (letters, digits, '_', '.', '-')" };
        var value = new Option<string?>("--value") { Description = "The value (visible in shell history; prefer --from-file or stdin)" };
        var fromFile = new Option<FileInfo?>("--from-file") { Description = "Read the value from a file", HelpName = "FILE" };
        var command = new Command("set", "Create a secret or rotate it to a new value; without --value or --from-file the value is read from stdin.") { name, value, fromFile }
            .WithExamples("modelplane secrets set webhook-token --from-file token.txt", "printf %s \"$TOKEN\" | modelplane secrets set webhook-token");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var text = parse.GetValue(value);
            var file = parse.GetValue(fromFile);
            if (text is not null && file is not null)
            {
                throw new UsageException("Give the value with --value or --from-file, not both.");
            }

            text ??= file is not null
                ? await File.ReadAllTextAsync(file.FullName, ct)
                : await env.In.ReadToEndAsync(ct);
            var secret = await client.SetSecretAsync(parse.GetRequiredValue(name), text, ct);
            if (output.Json)
            {
                output.WriteJson(secret, Json.SecretDto);
            }
            else
            {
                output.Line($"{(secret.Version == 1 ? "Created" : "Rotated")} secret [bold]{secret.Name.EscapeMarkup()}[/] (version {secret.Version}, value ***)");
            }

            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command Delete(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = "The secret to delete" };
        var command = new Command("delete", "Delete a secret.") { name };
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var secretName = parse.GetRequiredValue(name);
            await client.DeleteSecretAsync(secretName, ct);
            if (output.Json)
            {
                output.Raw($$"""{"deleted":"{{secretName}}"}""");
            }
            else
            {
                output.Line($"Deleted secret [bold]{secretName.EscapeMarkup()}[/]");
            }

            return ExitCodes.Success;
        }, Hint);
        return command;
    }
}
