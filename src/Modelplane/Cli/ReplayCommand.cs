using System.CommandLine;
using System.Globalization;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary>
/// <c>modelplane replay</c>: re-runs an endpoint's logged inputs through another version offline and shows how the
/// answers agree with the logged ones, with the rows that differ most.
/// </summary>
internal static class ReplayCommand
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds <c>replay</c>.</summary>
    public static Command Build(CliEnvironment env)
    {
        var endpoint = new Argument<string>("ENDPOINT") { Description = "An endpoint that logs its predictions (see: modelplane endpoints logging)" };
        var to = new Option<string>("--to") { Description = "The version to replay through, e.g. churn@3 or churn@challenger (a bare model: its latest)", HelpName = "MODEL@VERSION", Required = true };
        var since = new Option<string?>("--since") { Description = "From: 30m, 2h, 7d back, or an ISO-8601 time (default: the whole log)", HelpName = "WHEN" };
        var until = new Option<string?>("--until") { Description = "To: the same forms as --since (default: now)", HelpName = "WHEN" };
        var version = new Option<int?>("--version") { Description = "Only records this version of the endpoint served", HelpName = "N" };
        var limit = new Option<int?>("--limit") { Description = "At most this many records, newest first: 1 to 10000 (default 1000)", HelpName = "N" };
        var top = new Option<int?>("--top") { Description = "How many of the rows that differ most to list (default 10)", HelpName = "N" };
        var command = new Command(
            "replay",
            "Re-run an endpoint's logged inputs through another version offline (not through live routing: no metrics, rollout, "
            + "shadow or log records) and report label agreement, score differences and the rows that differ most. Records with "
            + "redacted inputs or a failed status cannot be replayed and are counted as skipped, with the reason.")
        {
            endpoint,
            to,
            since,
            until,
            version,
            limit,
            top,
        }.WithExamples(
            "modelplane replay churn --to churn@3 --since 1h",
            "modelplane replay churn --to churn@challenger --since 7d --version 2 --limit 10000 --top 20",
            "modelplane replay churn --to churn@3 --since 2025-06-01T00:00:00Z --until 2025-06-02T00:00:00Z --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var target = ModelVersionReference.Parse(parse.GetRequiredValue(to));
            var request = new ReplayRequest($"{target.Model}@{await target.VersionOrAliasAsync(client, ct)}")
            {
                Since = When("--since", parse.GetValue(since)),
                Until = When("--until", parse.GetValue(until)),
                Version = parse.GetValue(version),
                Limit = parse.GetValue(limit),
                Top = parse.GetValue(top),
            };
            var report = await client.ReplayAsync(parse.GetRequiredValue(endpoint), request, ct);
            if (output.Json)
            {
                output.WriteJson(report, Json.ReplayReportDto);
                return ExitCodes.Success;
            }

            Write(output, report);
            return ExitCodes.Success;
        });
        return command;
    }

    // Checked here so a typo fails before anything runs; sent as typed, so "1h" means an hour back on the server's clock.
    private static string? When(string option, string? text) =>
        text is null || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            ? text
            : CliDurations.Parse(option, text) > TimeSpan.Zero ? text : throw new UsageException($"{option} '{text}' is not a duration back from now; use e.g. 30m, 2h or 7d.");

    private static void Write(CliOutput output, ReplayReportDto report)
    {
        var name = report.Endpoint.EscapeMarkup();
        if (report.Read == 0)
        {
            output.Line($"No logged records of [bold]{name}[/] in range: nothing to replay.");
            return;
        }

        output.Line($"Replayed [bold]{report.Replayed}[/] of {report.Read} logged records of [bold]{name}[/] through [bold]{report.To.EscapeMarkup()}[/] ({report.Failed} failed, {report.Skipped} skipped)");
        output.Line(string.Create(CultureInfo.InvariantCulture,
            $"Label agreement {Percent(report.LabelAgreement)}, mean |Δ score| {Figure(report.MeanAbsoluteScoreDifference)}, max |Δ score| {Figure(report.MaxAbsoluteScoreDifference)}"));
        if (report.SkippedBy.Count > 0)
        {
            output.Line($"Skipped: {string.Join(", ", report.SkippedBy.Select(s => $"{s.Reason} {s.Count}")).EscapeMarkup()}");
        }

        if (report.FirstError is { } error)
        {
            output.Line($"First error: {error.EscapeMarkup()}");
        }

        if (report.Top.Count == 0)
        {
            return;
        }

        var table = CliOutput.Table("Request", "Served by", "Logged", "Replayed", "Difference", "Labels");
        foreach (var row in report.Top)
        {
            table.AddRow(
                row.RequestId.EscapeMarkup(), row.ServedBy.EscapeMarkup(), row.Logged.EscapeMarkup(), row.Replayed.EscapeMarkup(),
                row.Difference.ToString("G4", CultureInfo.InvariantCulture), row.LabelsAgree switch { true => "same", false => "[red]changed[/]", null => "-" });
        }

        output.Console.Write(table);
    }

    private static string Percent(double? share) => share is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s * 100:0.##}%") : "n/a";

    private static string Figure(double? value) => value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : "n/a";
}
