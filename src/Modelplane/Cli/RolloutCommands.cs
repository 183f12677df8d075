using System.CommandLine;
using System.Globalization;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary>
/// <c>modelplane rollout start|status|pause|resume|promote|abort</c> and <c>modelplane rollback</c>: move an endpoint to a
/// new version step by step, judged automatically at the end of each bake, and return to the stable version at once.
/// </summary>
internal static class RolloutCommands
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds the <c>rollout</c> command group.</summary>
    public static Command Build(CliEnvironment env)
    {
        var rollout = new Command(
            "rollout",
            "Move an endpoint to a new version step by step. At the end of each bake the canary is compared with the stable version "
            + "(error rate, p95 latency, prediction shift); it moves on, is promoted after the last step, or is rolled back at once.");
        rollout.Subcommands.Add(Start(env));
        rollout.Subcommands.Add(Status(env));
        rollout.Subcommands.Add(Action(env, "pause", "Hold the rollout at its step: traffic stays as it is and nothing is judged until resumed."));
        rollout.Subcommands.Add(Action(env, "resume", "Continue a paused rollout; the step bakes again from now."));
        rollout.Subcommands.Add(Action(env, "promote", "Give the canary every request now and make it the endpoint's stable version (the champion alias moves)."));
        rollout.Subcommands.Add(Action(env, "abort", "Stop the rollout and give the stable version every request again."));
        return rollout;
    }

    /// <summary>Builds <c>rollback</c>.</summary>
    public static Command BuildRollback(CliEnvironment env)
    {
        var endpoint = EndpointArgument();
        var command = new Command(
            "rollback",
            "Return an endpoint to its last stable version at once: the active rollout's baseline, or the version before the last promotion.")
        {
            endpoint,
        }.WithExamples("modelplane rollback churn");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var rollout = await client.RollbackAsync(parse.GetRequiredValue(endpoint), ct);
            Write(output, rollout, $"Endpoint [bold]{rollout.Endpoint.EscapeMarkup()}[/] rolled back to {rollout.BaselineModel.EscapeMarkup()}@{rollout.BaselineVersion}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Argument<string> EndpointArgument() => new("ENDPOINT") { Description = "An existing endpoint" };

    private static Command Start(CliEnvironment env)
    {
        var endpoint = EndpointArgument();
        var to = new Option<string>("--to") { Description = "The version to roll out, e.g. churn@3 or churn@challenger", HelpName = "MODEL@VERSION", Required = true };
        var steps = new Option<string>("--steps")
        {
            Description = "The new version's percent of requests per step, increasing, ending at 100",
            HelpName = "PERCENTS",
            DefaultValueFactory = _ => "5,25,50,100",
        };
        var bake = new Option<string>("--bake")
        {
            Description = "How long each step runs before it is judged: 30s, 2m, 1h (or 500ms)",
            HelpName = "DURATION",
            DefaultValueFactory = _ => "2m",
        };
        var errorDelta = new Option<double?>("--max-error-rate-delta") { Description = "Most the new version's error rate may exceed the stable one's (default 0.01)", HelpName = "RATE" };
        var latencyRatio = new Option<double?>("--max-p95-latency-ratio") { Description = "Most its p95 latency may be, as a multiple of the stable one's (default 1.5)", HelpName = "RATIO" };
        var psi = new Option<double?>("--max-prediction-psi") { Description = "Most its predictions may shift from the stable one's, as PSI (default 0.2)", HelpName = "PSI" };
        var minRequests = new Option<int?>("--min-requests") { Description = "Requests each version needs in a step before it is judged (default 200)", HelpName = "N" };
        var command = new Command("start", "Start rolling an endpoint out to another version.")
        {
            endpoint,
            to,
            steps,
            bake,
            errorDelta,
            latencyRatio,
            psi,
            minRequests,
        }.WithExamples(
            "modelplane rollout start churn --to churn@3 --steps 5,25,50,100 --bake 2m",
            "modelplane rollout start churn --to churn@3 --bake 10m --max-error-rate-delta 0.005 --min-requests 1000");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var target = ModelVersionReference.Parse(parse.GetRequiredValue(to));
            var request = new StartRolloutRequest(
                target.Model, await target.ResolveVersionAsync(client, ct), ParseSteps(parse.GetRequiredValue(steps)), CliDurations.Parse("--bake", parse.GetRequiredValue(bake)).TotalSeconds)
            {
                MaxErrorRateDelta = parse.GetValue(errorDelta),
                MaxP95LatencyRatio = parse.GetValue(latencyRatio),
                MaxPredictionPsi = parse.GetValue(psi),
                MinRequests = parse.GetValue(minRequests),
            };
            var rollout = await client.StartRolloutAsync(parse.GetRequiredValue(endpoint), request, ct);
            Write(output, rollout, $"Rollout {rollout.Id} of [bold]{rollout.Endpoint.EscapeMarkup()}[/] started; follow it with `modelplane rollout status {rollout.Endpoint.EscapeMarkup()}`");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Status(CliEnvironment env)
    {
        var endpoint = EndpointArgument();
        var command = new Command("status", "Show the endpoint's active (or last) rollout: its step, what it sees now, and every transition with its reason and figures.") { endpoint }
            .WithExamples("modelplane rollout status churn", "modelplane rollout status churn --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var rollout = await client.GetRolloutAsync(parse.GetRequiredValue(endpoint), ct);
            Write(output, rollout, $"Rollout {rollout.Id} of [bold]{rollout.Endpoint.EscapeMarkup()}[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Action(CliEnvironment env, string action, string description)
    {
        var endpoint = EndpointArgument();
        var command = new Command(action, description) { endpoint }.WithExamples($"modelplane rollout {action} churn");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var rollout = await client.ActOnRolloutAsync(parse.GetRequiredValue(endpoint), action, ct);
            Write(output, rollout, $"Rollout {rollout.Id} of [bold]{rollout.Endpoint.EscapeMarkup()}[/] is {rollout.State}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <exception cref="UsageException">The text is not a comma-separated list of whole percents.</exception>
    internal static int[] ParseSteps(string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(step =>
            int.TryParse(step.TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var percent)
                ? percent
                : throw new UsageException($"--steps '{text}': '{step}' is not a whole percent. Use e.g. 5,25,50,100."))];

    private static void Write(CliOutput output, RolloutDto rollout, string headline)
    {
        if (output.Json)
        {
            output.WriteJson(rollout, Json.RolloutDto);
            return;
        }

        output.Line(headline);
        var facts = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        facts.AddRow("  State", rollout.State + (rollout.Reason is { } reason ? $": {reason.EscapeMarkup()}" : ""));
        facts.AddRow("  From", $"{rollout.BaselineModel.EscapeMarkup()}@{rollout.BaselineVersion} (stable)");
        facts.AddRow("  To", $"{rollout.CanaryModel.EscapeMarkup()}@{rollout.CanaryVersion}");
        facts.AddRow(
            "  Steps",
            string.Join("  ", rollout.Steps.Select((s, i) => i == rollout.StepIndex ? $"[bold]{s}%[/]" : $"{s}%"))
            + string.Create(CultureInfo.InvariantCulture, $"   bake {TimeSpan.FromSeconds(rollout.BakeSeconds):g} per step"));
        facts.AddRow("  Judged by", string.Create(
            CultureInfo.InvariantCulture,
            $"error rate +{rollout.MaxErrorRateDelta:G4} at most, p95 x{rollout.MaxP95LatencyRatio:G4} at most, prediction PSI {rollout.MaxPredictionPsi:G4} at most, {rollout.MinRequests} requests each at least"));
        if (rollout.BakeEndsAt is { } ends)
        {
            facts.AddRow("  Bake ends", CliOutput.Time(ends));
        }

        if (rollout.Live is { } live)
        {
            facts.AddRow("  This step", string.Create(
                CultureInfo.InvariantCulture,
                $"stable {live.BaselineRequests:N0} requests ({live.BaselineErrors:N0} errors), new {live.CanaryRequests:N0} requests ({live.CanaryErrors:N0} errors)"));
        }

        output.Console.Write(facts);
        var events = CliOutput.Table("Time", "By", "What", "Why", "Figures");
        foreach (var e in rollout.Events)
        {
            events.AddRow(CliOutput.Time(e.At), e.Actor.EscapeMarkup(), e.Kind, e.Reason.EscapeMarkup(), Figures(e.Figures).EscapeMarkup());
        }

        output.Console.Write(events);
    }

    private static string Figures(RolloutFiguresDto? f) => f is null
        ? ""
        : string.Create(
            CultureInfo.InvariantCulture,
            $"n {f.BaselineRequests}/{f.CanaryRequests}")
          + (f.ErrorRateDelta is { } delta ? string.Create(CultureInfo.InvariantCulture, $", errors {f.BaselineErrorRate:P1}/{f.CanaryErrorRate:P1} (+{delta:G3})") : "")
          + (f.P95Ratio is { } ratio ? string.Create(CultureInfo.InvariantCulture, $", p95 {f.BaselineP95Ms:F1}/{f.CanaryP95Ms:F1} ms (x{ratio:F2})") : "")
          + (f.Psi is { } psi ? string.Create(CultureInfo.InvariantCulture, $", PSI {psi:G3}") : "");
}
