using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary>
/// <c>modelplane endpoints logging</c>, <c>modelplane logs</c> and <c>modelplane labels</c>: what an endpoint keeps of
/// its predictions, reading it back (table, JSON, CSV, Parquet), and posting the ground truth that arrives later.
/// </summary>
internal static class InferenceLogCommands
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds <c>endpoints logging</c>.</summary>
    public static Command Logging(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = "An existing endpoint" };
        var sample = new Option<string?>("--sample") { Description = "The share of requests logged: 0.01 or 1% (default 1%)", HelpName = "SHARE" };
        var retention = new Option<string>("--retention") { Description = "How long records are kept: 12h, 30d", HelpName = "DURATION", DefaultValueFactory = _ => "30d" };
        var redact = new Option<string?>("--redact") { Description = "Input fields (tensor or column names) kept only as a keyed hash, comma-separated", HelpName = "FIELDS" };
        var off = new Option<bool>("--off") { Description = "Stop logging (what was logged stays until its retention)" };
        var command = new Command("logging", "Log a sampled share of an endpoint's predictions (inputs, outputs, latency, status, route, caller) for debugging, replay and quality.")
        {
            name,
            sample,
            retention,
            redact,
            off,
        }.WithExamples("modelplane endpoints logging churn --sample 0.01 --retention 30d --redact email,ssn", "modelplane endpoints logging churn --off");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var endpointName = parse.GetRequiredValue(name);
            EndpointDto endpoint;
            if (parse.GetValue(off))
            {
                endpoint = await client.StopEndpointLoggingAsync(endpointName, ct);
            }
            else
            {
                var fields = (parse.GetValue(redact) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var settings = new InferenceLoggingDto(ParseShare(parse.GetValue(sample) ?? "1%"), CliDurations.Parse("--retention", parse.GetRequiredValue(retention)).TotalDays, fields);
                endpoint = await client.SetEndpointLoggingAsync(endpointName, settings, ct);
            }

            if (output.Json)
            {
                output.WriteJson(endpoint, Json.EndpointDto);
                return ExitCodes.Success;
            }

            output.Line(endpoint.Logging is { } l
                ? string.Create(CultureInfo.InvariantCulture, $"Endpoint [bold]{endpoint.Name.EscapeMarkup()}[/] logs {l.SampleRate * 100:0.##}% of its requests, kept {l.RetentionDays:G4} days")
                  + (l.Redact is { Count: > 0 } r ? $", redacting {string.Join(", ", r).EscapeMarkup()}" : "")
                : $"Endpoint [bold]{endpoint.Name.EscapeMarkup()}[/] no longer logs its requests");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Builds <c>logs</c>.</summary>
    public static Command Logs(CliEnvironment env)
    {
        var endpoint = new Argument<string>("ENDPOINT") { Description = "An endpoint that logs its predictions" };
        var since = new Option<string?>("--since") { Description = "From: 30m, 2h, 7d back, or an ISO-8601 time", HelpName = "WHEN" };
        var until = new Option<string?>("--until") { Description = "To: the same forms as --since", HelpName = "WHEN" };
        var version = new Option<int?>("--version") { Description = "Only what this version answered", HelpName = "N" };
        var requestId = new Option<string?>("--request-id") { Description = "Only this request", HelpName = "ID" };
        var limit = new Option<int>("--limit") { Description = "At most this many records, newest first", HelpName = "N", DefaultValueFactory = _ => 100 };
        var format = new Option<string?>("--format") { Description = "Write csv or parquet to --output instead of a table", HelpName = "csv|parquet" };
        format.AcceptOnlyFromAmong("csv", "parquet");
        var file = new Option<FileInfo?>("--output", "-o") { Description = "The file --format writes", HelpName = "FILE" };
        var command = new Command("logs", "Read an endpoint's inference log, newest first: a table, --json, or a CSV or Parquet file.")
        {
            endpoint,
            since,
            until,
            version,
            requestId,
            limit,
            format,
            file,
        }.WithExamples("modelplane logs churn --since 1h --limit 100", "modelplane logs churn --since 7d --limit 100000 --format parquet -o churn.parquet");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var filter = new InferenceLogFilter(parse.GetValue(since), parse.GetValue(until), parse.GetValue(version), parse.GetValue(requestId), parse.GetValue(limit));
            if (parse.GetValue(format) is { } chosen)
            {
                var path = parse.GetValue(file) ?? throw new UsageException($"--format {chosen} writes a file: give it with --output FILE.");
                long bytes;
                await using (var stream = new FileStream(path.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
                {
                    bytes = await client.ExportInferenceLogAsync(parse.GetRequiredValue(endpoint), filter, chosen, stream, ct);
                }

                output.Line($"Wrote {path.FullName.EscapeMarkup()} ({CliOutput.Size(bytes)}).");
                return ExitCodes.Success;
            }

            var records = await client.QueryInferenceLogAsync(parse.GetRequiredValue(endpoint), filter, ct);
            if (output.Json)
            {
                output.WriteJson(records, Json.IReadOnlyListInferenceLogRecordDto);
                return ExitCodes.Success;
            }

            var table = CliOutput.Table("Time", "Request", "Version", "Route", "Status", "ms", "Inputs", "Outputs");
            foreach (var r in records)
            {
                table.AddRow(
                    CliOutput.Time(r.At), r.RequestId.EscapeMarkup(), $"{r.Model.EscapeMarkup()}@{r.Version}", r.Route, r.Status.ToString(CultureInfo.InvariantCulture),
                    r.LatencyMs.ToString("F2", CultureInfo.InvariantCulture), Short(r.Inputs.GetRawText()), Short(r.Outputs?.GetRawText() ?? ""));
            }

            output.Console.Write(table);
            output.Line($"{records.Count} records");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Builds <c>labels</c>.</summary>
    public static Command Labels(CliEnvironment env)
    {
        var endpoint = new Argument<string>("ENDPOINT") { Description = "The endpoint whose predictions the labels are for" };
        var file = new Argument<FileInfo>("FILE") { Description = "A JSON array or JSON lines of {\"requestId\": ..., \"label\": ...}" };
        var command = new Command("labels", "Post ground-truth labels by request id; ids not logged (yet) are kept and counted as unmatched.") { endpoint, file }
            .WithExamples("modelplane labels churn labels.jsonl");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var labels = ReadLabels(parse.GetRequiredValue(file));
            var result = await client.PostLabelsAsync(parse.GetRequiredValue(endpoint), labels, ct);
            if (output.Json)
            {
                output.WriteJson(result, Json.LabelResultDto);
                return ExitCodes.Success;
            }

            output.Line($"Stored {result.Stored} labels: {result.Matched} matched a logged prediction, {result.Unmatched} did not (yet).");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <exception cref="UsageException">The file is missing or is neither a JSON array nor JSON lines of labels.</exception>
    private static List<LabelDto> ReadLabels(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new UsageException($"{file.FullName} does not exist.");
        }

        var text = File.ReadAllText(file.FullName).Trim();
        try
        {
            return text.StartsWith('[')
                ? [.. JsonSerializer.Deserialize(text, Json.IReadOnlyListLabelDto) ?? []]
                : [.. text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize(line, Json.LabelDto)!)];
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{file.FullName} is not a JSON array or JSON lines of {{\"requestId\", \"label\"}}: {ex.Message}");
        }
    }

    /// <exception cref="UsageException">The text is not a share such as 0.01 or 1%.</exception>
    private static double ParseShare(string text)
    {
        var percent = text.EndsWith('%');
        return double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? percent ? value / 100 : value
            : throw new UsageException($"--sample '{text}' is not a share: use 0.01 or 1%.");
    }

    private static string Short(string json) => (json.Length > 60 ? json[..57] + "..." : json).EscapeMarkup();
}
