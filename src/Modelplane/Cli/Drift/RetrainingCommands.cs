using System.CommandLine;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli.Drift;

/// <summary>
/// <c>modelplane models retraining set|show|delete</c>: the webhook a model's sustained drift or quality breach fires,
/// at most once per cool-down, with the version, its training-data lineage and where to download the live window.
/// </summary>
internal static class RetrainingCommands
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds the <c>retraining</c> command group (under <c>models</c>).</summary>
    public static Command Build(CliEnvironment env)
    {
        var retraining = new Command("retraining", "A model's retraining webhook, fired on sustained drift or a model-quality breach.");
        retraining.Subcommands.Add(Set(env));
        retraining.Subcommands.Add(Show(env));
        retraining.Subcommands.Add(Delete(env));
        return retraining;
    }

    private static Argument<string> ModelArgument() => new("MODEL") { Description = "A registered model" };

    private static string? Hint(ModelplaneApiException ex) => ex.Status switch
    {
        404 => "Run `modelplane models list` to see models; set a webhook with `modelplane models retraining set MODEL --url URL`.",
        _ => null,
    };

    private static Command Set(CliEnvironment env)
    {
        var model = ModelArgument();
        var url = new Option<string>("--url") { Description = "The http:// or https:// URL to POST the retraining request to", HelpName = "URL", Required = true };
        var cooldown = new Option<string?>("--cooldown") { Description = "Least time between two firings: 1m to 90d (default 1d)", HelpName = "DURATION" };
        var secret = new Option<string?>("--secret") { Description = "Sign bodies with HMAC-SHA256 of this secret (header X-Modelplane-Signature: sha256=HEX)", HelpName = "SECRET" };
        var command = new Command("set", "Set (or replace) the model's retraining webhook.") { model, url, cooldown, secret }
            .WithExamples(
                "modelplane models retraining set churn --url https://ci.example/hooks/retrain-churn",
                "modelplane models retraining set churn --url https://ci.example/hooks/retrain --cooldown 7d --secret s3cret");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var target = parse.GetRequiredValue(url);
            if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new UsageException($"--url '{target}' is not an http:// or https:// URL.");
            }

            var every = parse.GetValue(cooldown) is { } c ? MonitoringFormat.ServerDuration("--cooldown", c) : null;
            var trigger = await client.SetRetrainingAsync(parse.GetRequiredValue(model), new SetRetrainingRequest(target, every, parse.GetValue(secret)), ct);
            Write(output, trigger);
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command Show(CliEnvironment env)
    {
        var model = ModelArgument();
        var command = new Command("show", "Show the model's retraining webhook and when it last fired.") { model }
            .WithExamples("modelplane models retraining show churn", "modelplane models retraining show churn --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            Write(output, await client.GetRetrainingAsync(parse.GetRequiredValue(model), ct));
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command Delete(CliEnvironment env)
    {
        var model = ModelArgument();
        var command = new Command("delete", "Remove the model's retraining webhook; drift and quality alerts still fire.") { model }
            .WithExamples("modelplane models retraining delete churn");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            await client.DeleteRetrainingAsync(parse.GetRequiredValue(model), ct);
            output.Line($"Model [bold]{parse.GetRequiredValue(model).EscapeMarkup()}[/] has no retraining webhook any more");
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    /// <summary>Writes the webhook as JSON or as a short description.</summary>
    public static void Write(CliOutput output, RetrainingTriggerDto t)
    {
        if (output.Json)
        {
            output.WriteJson(t, Json.RetrainingTriggerDto);
            return;
        }

        output.Line($"Model [bold]{t.Model.EscapeMarkup()}[/] retrains through {t.Url.EscapeMarkup()}{(t.HasSecret ? ", signed" : "")}");
        var facts = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        facts.AddRow("  Cool-down", $"at most once per {t.Cooldown.EscapeMarkup()}");
        facts.AddRow("  Fired", t.Fired == 0 ? "never" : $"{t.Fired} times, last {(t.LastFiredAt is { } at ? CliOutput.Time(at) : MonitoringFormat.None)}");
        if (t.LastError is { } error)
        {
            facts.AddRow("  Last error", $"[red]{error.EscapeMarkup()}[/]");
        }

        facts.AddRow("  Set", $"{CliOutput.Time(t.CreatedAt)} by {t.CreatedBy.EscapeMarkup()}");
        output.Console.Write(facts);
    }
}
