using System.CommandLine;
using System.Globalization;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane audit list|verify|export</c>: read and check the workspace's tamper-evident audit log.</summary>
internal static class AuditCommands
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds the <c>audit</c> command group.</summary>
    public static Command Build(CliEnvironment env)
    {
        var audit = new Command("audit", "Read, export and verify the audit log of changes (admins only).");
        audit.Subcommands.Add(List(env));
        audit.Subcommands.Add(Verify(env));
        audit.Subcommands.Add(Export(env));
        return audit;
    }

    private static Command List(CliEnvironment env)
    {
        var filters = new FilterOptions();
        var limit = new Option<int?>("--limit") { Description = "How many records, newest first (default 100, at most 1000)", HelpName = "N" };
        var command = new Command("list", "List audit records, newest first.") { limit }
            .WithExamples(
                "modelplane audit list --since 1h",
                "modelplane audit list --actor ana --outcome denied",
                "modelplane audit list --target /endpoints/churn --json");
        filters.AddTo(command);
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var page = await client.ListAuditAsync(filters.Read(parse, env.Time), parse.GetValue(limit), null, ct);
            if (output.Json)
            {
                output.WriteJson(page, Json.AuditPageDto);
                return ExitCodes.Success;
            }

            if (page.Records.Count == 0)
            {
                output.Line("No audit records match.");
                return ExitCodes.Success;
            }

            var table = CliOutput.Table("Seq", "Time", "Actor", "Action", "Target", "Outcome", "Status", "Change");
            foreach (var r in page.Records)
            {
                var change = r.Before is null && r.After is null ? "" : $"{r.Before ?? "-"} => {r.After ?? "-"}";
                table.AddRow(
                    $"{r.Seq}", CliOutput.Time(r.Time), r.Actor.EscapeMarkup(), r.Action.EscapeMarkup(), r.Target.EscapeMarkup(),
                    OutcomeMarkup(r.Outcome), r.Status?.ToString(CultureInfo.InvariantCulture) ?? "", change.EscapeMarkup());
            }

            output.Console.Write(table);
            if (page.NextPageToken is not null)
            {
                output.Line($"[grey]Older records exist; narrow the filters or raise --limit.[/]");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Verify(CliEnvironment env)
    {
        var head = new Option<string?>("--expect-head")
        {
            Description = "A head (SEQ:HASH) an earlier verify printed and you kept elsewhere: detects newest records removed since",
            HelpName = "SEQ:HASH",
        };
        var command = new Command("verify", "Recompute the audit chain's hashes; exit 1 and name the first broken link if any record was changed or removed.") { head }
            .WithExamples("modelplane audit verify", "modelplane audit verify --expect-head 42:9f86d081884c7d65...", "modelplane audit verify --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var result = await client.VerifyAuditAsync(parse.GetValue(head), ct);
            if (output.Json)
            {
                output.WriteJson(result, Json.AuditVerificationDto);
            }
            else if (result.Ok)
            {
                output.Line($"[green]Audit chain intact:[/] {result.Records} records verified.");
                if (result.Head is { } current)
                {
                    output.Line($"Head {current.EscapeMarkup()}: keep it outside this server and pass it to --expect-head later, to detect records removed from the end.");
                }
            }
            else
            {
                output.Line($"[red]Audit chain broken at record {result.BrokenAt}[/] ({result.RecordsChecked} records before it verified).");
                output.Line((result.Problem ?? "").EscapeMarkup());
            }

            return result.Ok ? ExitCodes.Success : ExitCodes.AuditChainBroken;
        });
        return command;
    }

    private static Command Export(CliEnvironment env)
    {
        var filters = new FilterOptions();
        var format = new Option<string>("--format") { Description = "jsonl (one JSON object per line) or csv", HelpName = "jsonl|csv", Required = true };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var file = new Option<FileInfo>("--output", "-o") { Description = "The file to write (standard output when left out)", HelpName = "FILE" };
        var command = new Command("export", "Export matching audit records, oldest first, as JSON lines or CSV.") { format, file }
            .WithExamples("modelplane audit export --format csv -o audit.csv", "modelplane audit export --format jsonl --since 2025-03-01");
        filters.AddTo(command);
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var filter = filters.Read(parse, env.Time);
            var chosen = parse.GetRequiredValue(format);
            if (parse.GetValue(file) is not { } path)
            {
                await using var stdout = new TextWriterStream(env.Out);
                await client.ExportAuditAsync(chosen, stdout, filter, ct);
                return ExitCodes.Success;
            }

            long bytes;
            await using (var stream = new FileStream(path.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                bytes = await client.ExportAuditAsync(chosen, stream, filter, ct);
            }

            if (!output.Json)
            {
                output.Line($"Exported the audit log to {path.FullName.EscapeMarkup()} ({CliOutput.Size(bytes)}).");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string OutcomeMarkup(string outcome) => outcome switch
    {
        "succeeded" => "[green]succeeded[/]",
        "denied" => "[red]denied[/]",
        "failed" => "[yellow]failed[/]",
        _ => outcome.EscapeMarkup(),
    };

    /// <summary>The filters <c>list</c> and <c>export</c> share.</summary>
    private sealed class FilterOptions
    {
        private readonly Option<string> _actor = new("--actor") { Description = "Only this actor's records", HelpName = "NAME" };
        private readonly Option<string> _target = new("--target") { Description = "Only targets containing this text, e.g. /endpoints/churn", HelpName = "TEXT" };
        private readonly Option<string> _action = new("--action") { Description = "Only this action, e.g. CreateEndpoint", HelpName = "ACTION" };
        private readonly Option<string> _outcome = new("--outcome") { Description = "started, succeeded, failed or denied", HelpName = "OUTCOME" };
        private readonly Option<string> _since = new("--since") { Description = "Records from this time on: 30m, 2h, 7d or an ISO-8601 time", HelpName = "WHEN" };
        private readonly Option<string> _until = new("--until") { Description = "Records before this time: 30m, 2h, 7d ago or an ISO-8601 time", HelpName = "WHEN" };

        public void AddTo(Command command)
        {
            _outcome.AcceptOnlyFromAmong("started", "succeeded", "failed", "denied");
            foreach (var option in new[] { _actor, _target, _action, _outcome, _since, _until })
            {
                command.Options.Add(option);
            }
        }

        public AuditFilterOptions Read(ParseResult parse, TimeProvider time) => new()
        {
            Actor = parse.GetValue(_actor),
            Target = parse.GetValue(_target),
            Action = parse.GetValue(_action),
            Outcome = parse.GetValue(_outcome),
            Since = ParseWhen(parse.GetValue(_since), "--since", time),
            Until = ParseWhen(parse.GetValue(_until), "--until", time),
        };

        /// <summary>A duration ago (<c>45s</c>, <c>30m</c>, <c>2h</c>, <c>7d</c>) or an absolute ISO-8601 time (UTC unless it says otherwise).</summary>
        internal static DateTimeOffset? ParseWhen(string? text, string option, TimeProvider time)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (text.Length >= 2 && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                TimeSpan? ago = text[^1] switch
                {
                    's' => TimeSpan.FromSeconds(amount),
                    'm' => TimeSpan.FromMinutes(amount),
                    'h' => TimeSpan.FromHours(amount),
                    'd' => TimeSpan.FromDays(amount),
                    _ => null,
                };
                if (ago is { } span)
                {
                    return time.GetUtcNow() - span;
                }
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
                ? when
                : throw new UsageException($"{option} '{text}' is neither a duration such as 30m, 2h or 7d nor an ISO-8601 time.");
        }
    }
}
