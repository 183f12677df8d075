using System.CommandLine;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Signing;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane keys create|list|revoke</c>: Ed25519 keys that sign model artifacts.</summary>
internal static class KeysCommands
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds the <c>keys</c> command group.</summary>
    public static Command Build(CliEnvironment env)
    {
        var keys = new Command("keys", "Signing keys: the private key stays on this machine, the server keeps the public key.");
        keys.Subcommands.Add(Create(env));
        keys.Subcommands.Add(List(env));
        keys.Subcommands.Add(Revoke(env));
        return keys;
    }

    private static string? Hint(ModelplaneApiException ex) => ex.Status switch
    {
        404 => "Run `modelplane keys list` to see the workspace's keys.",
        409 => "Key names stay taken after a revoke; choose another name.",
        _ => null,
    };

    private static Command Create(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = "Key name (letters, digits, '_', '.', '-')" };
        var output = new Option<string?>("--out") { Description = "Where to write the private key (default ~/.modelplane/keys/NAME.key)", HelpName = "FILE" };
        var command = new Command("create", "Generate an Ed25519 key pair here, write the private key (mode 0600) and register the public key.") { name, output }
            .WithExamples("modelplane keys create release", "modelplane keys create ci --out ./ci.key");
        ClientCommand.Configure(env, command, async (parse, client, cli, ct) =>
        {
            var keyName = parse.GetRequiredValue(name);
            if (Governance.Secrets.SecretName.Problem(keyName, "Key") is { } problem)
            {
                throw new UsageException(problem);
            }

            var path = parse.GetValue(output) ?? SigningKeyFiles.DefaultPath(env, keyName);
            var (pem, publicKey) = ArtifactSigning.CreateKeyPair();

            // The file first: a registered public key whose private half was never saved could sign nothing.
            SigningKeyFiles.Write(path, pem);
            SigningKeyDto key;
            try
            {
                key = await client.CreateSigningKeyAsync(keyName, publicKey, ct);
            }
            catch
            {
                File.Delete(path);
                throw;
            }

            if (cli.Json)
            {
                cli.WriteJson(key, Json.SigningKeyDto);
                return ExitCodes.Success;
            }

            cli.Line($"Created signing key [bold]{key.Name.EscapeMarkup()}[/] (fingerprint {key.Fingerprint})");
            cli.Line($"  private key  {Path.GetFullPath(path).EscapeMarkup()}  (keep it secret; it never leaves this machine)");
            cli.Line($"Sign a push with: modelplane models push MODEL FILE --sign {key.Name.EscapeMarkup()}");
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command List(CliEnvironment env)
    {
        var command = new Command("list", "List the workspace's signing keys with their fingerprints.");
        ClientCommand.Configure(env, command, async (_, client, output, ct) =>
        {
            var keys = await client.ListSigningKeysAsync(ct);
            if (output.Json)
            {
                output.WriteJson(keys, Json.IReadOnlyListSigningKeyDto);
                return ExitCodes.Success;
            }

            var table = CliOutput.Table("Name", "Fingerprint", "Created", "By", "Revoked");
            foreach (var k in keys)
            {
                table.AddRow(k.Name.EscapeMarkup(), k.Fingerprint, CliOutput.Time(k.CreatedAt), k.CreatedBy.EscapeMarkup(), k.RevokedAt is { } at ? CliOutput.Time(at) : "");
            }

            output.Console.Write(table);
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command Revoke(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = "The key to revoke" };
        var command = new Command("revoke", "Revoke a signing key: its signatures stop counting as trusted.") { name };
        command.Aliases.Add("delete");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var keyName = parse.GetRequiredValue(name);
            await client.RevokeSigningKeyAsync(keyName, ct);
            if (output.Json)
            {
                output.Raw($$"""{"revoked":"{{keyName}}"}""");
            }
            else
            {
                output.Line($"Revoked signing key [bold]{keyName.EscapeMarkup()}[/]");
            }

            return ExitCodes.Success;
        }, Hint);
        return command;
    }
}
