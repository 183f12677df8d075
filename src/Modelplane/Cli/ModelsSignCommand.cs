using System.CommandLine;
using Modelplane.Client;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane models sign NAME@V --key KEY</c>: add a signature to a version already pushed.</summary>
internal static class ModelsSignCommand
{
    /// <summary>Builds the <c>models sign</c> command.</summary>
    public static Command Build(CliEnvironment env)
    {
        var reference = new Argument<string>("NAME@VERSION") { Description = "The version to sign, by number or alias" };
        var key = new Option<string>("--key") { Description = "The registered signing key", Required = true, HelpName = "KEY" };
        var keyFile = new Option<string?>("--key-file") { Description = "The private key (default ~/.modelplane/keys/KEY.key)", HelpName = "FILE" };
        var command = new Command("sign", "Sign a version's digest with a private key here; the server verifies and stores the signature.") { reference, key, keyFile }
            .WithExamples("modelplane models sign churn@3 --key release");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var target = ModelVersionReference.Parse(parse.GetRequiredValue(reference));
            var version = await target.VersionOrAliasAsync(client, ct);
            var current = await client.GetVersionAsync(target.Model, version, ct);
            var keyName = parse.GetRequiredValue(key);
            var signature = SigningKeyFiles.Sign(env, keyName, parse.GetValue(keyFile), current.Digest);
            var signed = await client.AddSignatureAsync(current.Model, version, keyName, signature, ct);
            if (output.Json)
            {
                output.WriteJson(signed, ModelplaneJsonContext.Default.ModelVersionDto);
                return ExitCodes.Success;
            }

            output.Line($"Signed [bold]{signed.Model.EscapeMarkup()}@{signed.Version}[/] (sha256 {signed.Digest}) with key {keyName.EscapeMarkup()}");
            return ExitCodes.Success;
        });
        return command;
    }
}
