using System.CommandLine;
using System.Globalization;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary>
/// <c>modelplane alerts list|receivers|silence|silences|unsilence</c>: burn-rate alerts, the webhooks they are posted to,
/// and silences that stop notifications (not evaluation) during maintenance.
/// </summary>
internal static class AlertsCommands
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds the <c>alerts</c> command group.</summary>
    public static Command Build(CliEnvironment env)
    {
        var alerts = new Command("alerts", "Burn-rate alerts of SLOs, where they are sent, and silences.");
        alerts.Subcommands.Add(List(env));
        alerts.Subcommands.Add(Receivers(env));
        alerts.Subcommands.Add(Silence(env));
        alerts.Subcommands.Add(Silences(env));
        alerts.Subcommands.Add(Unsilence(env));
        return alerts;
    }

    private static Command List(CliEnvironment env)
    {
        var all = new Option<bool>("--all") { Description = "Resolved alerts too" };
        var command = new Command("list", "Alerts firing now (with --all, resolved ones too), newest first.") { all }.WithExamples("modelplane alerts list", "modelplane alerts list --all --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var alerts = await client.ListAlertsAsync(parse.GetValue(all) ? "all" : "firing", ct);
            if (output.Json)
            {
                output.WriteJson(alerts, Json.IReadOnlyListAlertDto);
                return ExitCodes.Success;
            }

            var table = CliOutput.Table("Endpoint", "Objective", "Condition", "Severity", "State", "Burn (long / short)", "Budget left", "Since", "Ended");
            foreach (var a in alerts)
            {
                table.AddRow(
                    a.Endpoint.EscapeMarkup(), a.Objective, a.Condition, a.Severity, a.State + (a.Silenced ? " (silenced)" : ""),
                    string.Create(CultureInfo.InvariantCulture, $"{a.LongWindow.Value:0.##} over {a.LongWindow.Window} / {a.ShortWindow.Value:0.##} over {a.ShortWindow.Window}"),
                    SloCommands.Percent(a.BudgetRemaining), CliOutput.Time(a.StartsAt), a.EndsAt is { } e ? CliOutput.Time(e) : "-");
            }

            output.Console.Write(table);
            output.Line($"{alerts.Count} alerts");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Receivers(CliEnvironment env)
    {
        var receivers = new Command("receivers", "Webhooks that receive alert notifications (JSON POSTs, grouped by endpoint).");
        var name = new Argument<string>("NAME") { Description = "The receiver's name" };
        var url = new Argument<string>("URL") { Description = "The webhook's http(s) URL" };
        var secret = new Option<string?>("--secret") { Description = "Sign bodies with HMAC-SHA256 (header X-Modelplane-Signature)", HelpName = "SECRET" };
        var add = new Command("add", "Add a webhook, or replace the one with the same name.") { name, url, secret }
            .WithExamples("modelplane alerts receivers add oncall https://hooks.example.com/modelplane --secret s3cret");
        ClientCommand.Configure(env, add, async (parse, client, output, ct) =>
        {
            var receiver = await client.SetAlertReceiverAsync(new SetAlertReceiverRequest(parse.GetRequiredValue(name), parse.GetRequiredValue(url), parse.GetValue(secret)), ct);
            if (output.Json)
            {
                output.WriteJson(receiver, Json.AlertReceiverDto);
                return ExitCodes.Success;
            }

            output.Line($"Alerts go to [bold]{receiver.Name.EscapeMarkup()}[/] ({receiver.Url.EscapeMarkup()}){(receiver.HasSecret ? ", signed" : "")}");
            return ExitCodes.Success;
        });
        var list = new Command("list", "Every webhook with what it accepted and what failed.");
        ClientCommand.Configure(env, list, async (parse, client, output, ct) =>
        {
            var all = await client.ListAlertReceiversAsync(ct);
            if (output.Json)
            {
                output.WriteJson(all, Json.IReadOnlyListAlertReceiverDto);
                return ExitCodes.Success;
            }

            var table = CliOutput.Table("Name", "URL", "Signed", "Delivered", "Failed", "Last attempt", "Last error");
            foreach (var r in all)
            {
                table.AddRow(
                    r.Name.EscapeMarkup(), r.Url.EscapeMarkup(), r.HasSecret ? "yes" : "no", r.Delivered.ToString(CultureInfo.InvariantCulture),
                    r.Failed.ToString(CultureInfo.InvariantCulture), r.LastAttemptAt is { } t ? CliOutput.Time(t) : "-", (r.LastError ?? "-").EscapeMarkup());
            }

            output.Console.Write(table);
            return ExitCodes.Success;
        });
        var removed = new Argument<string>("NAME") { Description = "The receiver to remove" };
        var remove = new Command("remove", "Stop sending alerts to a webhook.") { removed };
        ClientCommand.Configure(env, remove, async (parse, client, output, ct) =>
        {
            await client.DeleteAlertReceiverAsync(parse.GetRequiredValue(removed), ct);
            output.Line($"Removed receiver [bold]{parse.GetRequiredValue(removed).EscapeMarkup()}[/]");
            return ExitCodes.Success;
        });
        receivers.Subcommands.Add(add);
        receivers.Subcommands.Add(list);
        receivers.Subcommands.Add(remove);
        return receivers;
    }

    private static Command Silence(CliEnvironment env)
    {
        var endpoint = new Argument<string>("ENDPOINT") { Description = "The endpoint to silence, or * for every endpoint" };
        var duration = new Option<string>("--for") { Description = "How long from now: 30m, 2h, 1d", HelpName = "DURATION", DefaultValueFactory = _ => "2h" };
        var comment = new Option<string>("--comment") { Description = "Why (shown in the list and the audit log)", HelpName = "TEXT", Required = true };
        var command = new Command("silence", "Stop notifications about an endpoint for a while; alerts are still evaluated and listed.") { endpoint, duration, comment }
            .WithExamples("modelplane alerts silence churn --for 2h --comment \"model migration\"");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var name = parse.GetRequiredValue(endpoint);
            var silence = await client.SilenceAlertsAsync(new CreateAlertSilenceRequest(name == "*" ? null : name, parse.GetRequiredValue(duration), parse.GetRequiredValue(comment)), ct);
            if (output.Json)
            {
                output.WriteJson(silence, Json.AlertSilenceDto);
                return ExitCodes.Success;
            }

            output.Line($"Silence {silence.Id}: no notifications about {(silence.Endpoint ?? "any endpoint").EscapeMarkup()} until {CliOutput.Time(silence.EndsAt)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Silences(CliEnvironment env)
    {
        var command = new Command("silences", "Silences in effect.");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var silences = await client.ListSilencesAsync(ct);
            if (output.Json)
            {
                output.WriteJson(silences, Json.IReadOnlyListAlertSilenceDto);
                return ExitCodes.Success;
            }

            var table = CliOutput.Table("Id", "Endpoint", "From", "Until", "By", "Comment");
            foreach (var s in silences)
            {
                table.AddRow(
                    s.Id.ToString(CultureInfo.InvariantCulture), (s.Endpoint ?? "*").EscapeMarkup(), CliOutput.Time(s.StartsAt), CliOutput.Time(s.EndsAt),
                    s.CreatedBy.EscapeMarkup(), s.Comment.EscapeMarkup());
            }

            output.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Unsilence(CliEnvironment env)
    {
        var id = new Argument<long>("ID") { Description = "The silence's id (see `modelplane alerts silences`)" };
        var command = new Command("unsilence", "End a silence now.") { id };
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            await client.DeleteSilenceAsync(parse.GetRequiredValue(id), ct);
            output.Line($"Silence {parse.GetRequiredValue(id)} ended");
            return ExitCodes.Success;
        });
        return command;
    }
}
