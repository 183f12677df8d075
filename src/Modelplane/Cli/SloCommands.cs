using System.CommandLine;
using System.Globalization;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary>
/// <c>modelplane slo set|show|delete|status</c>: an endpoint's service-level objectives (availability, latency) and how
/// they stand: SLI, error budget left, burn rates over the alerting windows, and the alerts firing.
/// </summary>
internal static class SloCommands
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds the <c>slo</c> command group.</summary>
    public static Command Build(CliEnvironment env)
    {
        var slo = new Command("slo", "Service-level objectives of endpoints: targets, error budgets and burn-rate alerts.");
        slo.Subcommands.Add(Set(env));
        slo.Subcommands.Add(Show(env));
        slo.Subcommands.Add(Delete(env));
        slo.Subcommands.Add(Status(env));
        return slo;
    }

    private static Command Set(CliEnvironment env)
    {
        var name = new Argument<string>("ENDPOINT") { Description = "An existing endpoint" };
        var availability = new Option<double?>("--availability") { Description = "Percent of requests not answered 5xx, e.g. 99.9", HelpName = "PERCENT" };
        var latency = new Option<string?>("--latency") { Description = "Threshold and percent of requests within it, e.g. 250ms:99", HelpName = "MS:PERCENT" };
        var window = new Option<string>("--window") { Description = "The rolling window of every objective: 30d, 7d, 12h", HelpName = "WINDOW", DefaultValueFactory = _ => "30d" };
        var command = new Command("set", "Set an endpoint's objectives (those not given are removed); burn-rate alerts follow them.")
        {
            name,
            availability,
            latency,
            window,
        }.WithExamples("modelplane slo set churn --availability 99.9 --latency 250ms:99 --window 30d");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var w = parse.GetRequiredValue(window);
            var request = new SetSloRequest(
                parse.GetValue(availability) is { } a ? new SloObjectiveDto(Share(a), w) : null,
                parse.GetValue(latency) is { } l ? ParseLatency(l, w) : null);
            if (request.Availability is null && request.Latency is null)
            {
                throw new UsageException("Give at least one objective: --availability PERCENT and/or --latency MS:PERCENT.");
            }

            var slo = await client.SetSloAsync(parse.GetRequiredValue(name), request, ct);
            Write(output, slo);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CliEnvironment env)
    {
        var name = new Argument<string>("ENDPOINT") { Description = "An endpoint with an SLO" };
        var command = new Command("show", "Show an endpoint's objectives.") { name }.WithExamples("modelplane slo show churn");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            Write(output, await client.GetSloAsync(parse.GetRequiredValue(name), ct));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Delete(CliEnvironment env)
    {
        var name = new Argument<string>("ENDPOINT") { Description = "An endpoint with an SLO" };
        var command = new Command("delete", "Remove an endpoint's SLO; its firing alerts resolve at the next evaluation.") { name }.WithExamples("modelplane slo delete churn");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            await client.DeleteSloAsync(parse.GetRequiredValue(name), ct);
            output.Line($"Endpoint [bold]{parse.GetRequiredValue(name).EscapeMarkup()}[/] has no SLO any more");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Status(CliEnvironment env)
    {
        var name = new Argument<string?>("ENDPOINT") { Description = "Only this endpoint", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("status", "How every objective stands now: SLI, error budget left, burn rates and firing alerts.") { name }
            .WithExamples("modelplane slo status", "modelplane slo status churn --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var statuses = await client.GetSloStatusAsync(parse.GetValue(name), ct);
            if (output.Json)
            {
                output.WriteJson(statuses, Json.IReadOnlyListSloStatusDto);
                return ExitCodes.Success;
            }

            var windows = statuses.Count > 0 ? statuses[0].BurnRates.Select(b => b.Window).ToArray() : ["5m", "30m", "1h", "6h", "3d"];
            var table = CliOutput.Table(["Endpoint", "Objective", "Target", "SLI", "Budget left", .. windows.Select(w => $"Burn {w}"), "Alerts"]);
            foreach (var s in statuses)
            {
                table.AddRow([
                    s.Endpoint.EscapeMarkup(), s.ThresholdMs is { } ms ? string.Create(CultureInfo.InvariantCulture, $"{s.Objective} < {ms:0.###}ms") : s.Objective,
                    $"{Percent(s.Target)} / {s.Window}", s.Sli is { } sli ? Percent(sli) : "no data", Percent(s.BudgetRemaining),
                    .. s.BurnRates.Select(b => b.Value.ToString("0.##", CultureInfo.InvariantCulture)),
                    s.Alerts.Count == 0 ? "-" : $"[red]{string.Join(", ", s.Alerts)}[/]",
                ]);
            }

            output.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static SloObjectiveDto ParseLatency(string text, string window)
    {
        var parts = text.Split(':');
        if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent))
        {
            throw new UsageException($"--latency '{text}' is not THRESHOLD:PERCENT, e.g. 250ms:99.");
        }

        return new SloObjectiveDto(Share(percent), window, CliDurations.Parse("--latency", parts[0]).TotalMilliseconds);
    }

    private static void Write(CliOutput output, SloDto slo)
    {
        if (output.Json)
        {
            output.WriteJson(slo, Json.SloDto);
            return;
        }

        output.Line($"Endpoint [bold]{slo.Endpoint.EscapeMarkup()}[/]:");
        foreach (var (objective, o) in new[] { ("availability", slo.Availability), ("latency", slo.Latency), ("quality", slo.Quality) })
        {
            if (o is not null)
            {
                output.Line(string.Create(CultureInfo.InvariantCulture, $"  {objective}: {Percent(o.Target)} over {o.Window}{(o.ThresholdMs is { } ms ? $", within {ms:0.###} ms" : "")}"));
            }
        }
    }

    // In decimal, so 99.9 becomes exactly the 0.999 a person means rather than 0.9990000000000001.
    private static double Share(double percent) => (double)((decimal)percent / 100m);

    /// <summary>A share as a percentage with up to three decimals: 0.999 is 99.9%.</summary>
    internal static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:0.###}%");
}
