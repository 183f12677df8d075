using System.CommandLine;
using System.Globalization;
using Modelplane.Client;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli;

/// <summary><c>modelplane models execution NAME@V [options]</c>: show or change how a version runs when served.</summary>
internal static class ExecutionCommand
{
    private const int DefaultMaxBatchSize = 32;
    private const long DefaultDelayMicroseconds = 1000;
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds <c>models execution</c>.</summary>
    public static Command Build(CliEnvironment env)
    {
        var reference = new Argument<string>("NAME@VERSION") { Description = "The version, by number or alias (NAME@3, NAME@champion)" };
        var maxBatch = new Option<int?>("--max-batch-size") { Description = $"Turn dynamic batching on with at most N rows per execution (default {DefaultMaxBatchSize})", HelpName = "N" };
        var delay = new Option<string?>("--max-queue-delay") { Description = "Longest a request waits for its batch to fill: 500us, 2ms, 1s (default 1ms)", HelpName = "TIME" };
        var preferred = new Option<string?>("--preferred-batch-sizes") { Description = "Batch sizes that run at once when reached, comma-separated", HelpName = "N,N" };
        var noBatching = new Option<bool>("--no-batching") { Description = "Turn dynamic batching off" };
        var concurrency = new Option<int?>("--max-concurrency") { Description = "Calls (or batches) running at once", HelpName = "N" };
        var queue = new Option<int?>("--max-queue") { Description = "Calls waiting at once; more get 429", HelpName = "N" };
        var intra = new Option<int?>("--intra-op-threads") { Description = "ONNX Runtime threads inside one operator", HelpName = "N" };
        var inter = new Option<int?>("--inter-op-threads") { Description = "ONNX Runtime threads across operators", HelpName = "N" };
        var force = new Option<bool>("--force") { Description = "Allow more threads than the server has processors" };
        var reset = new Option<bool>("--reset") { Description = "Start from the server defaults instead of the current settings, then apply the other options" };
        var command = new Command(
            "execution",
            "Show how a version runs when served (concurrency, queue, ONNX Runtime threads, dynamic batching); with options, change it. A loaded version is reloaded with the new settings.")
        {
            reference, maxBatch, delay, preferred, noBatching, concurrency, queue, intra, inter, force, reset,
        }.WithExamples(
            "modelplane models execution churn@2",
            "modelplane models execution churn@2 --max-batch-size 32 --max-queue-delay 2ms --preferred-batch-sizes 8,16",
            "modelplane models execution churn@2 --no-batching --max-concurrency 2 --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var target = ModelVersionReference.Parse(parse.GetRequiredValue(reference));
            var version = await target.VersionOrAliasAsync(client, ct);
            var current = await client.GetExecutionAsync(target.Model, version, ct);
            var start = parse.GetValue(reset) ? new ExecutionSettingsDto() : current.Settings;
            var batchingAsked = parse.GetValue(maxBatch) is not null || parse.GetValue(delay) is not null || parse.GetValue(preferred) is not null;
            if (batchingAsked && parse.GetValue(noBatching))
            {
                throw new UsageException("--no-batching cannot be combined with batching options.");
            }

            var settings = start with
            {
                MaxConcurrency = parse.GetValue(concurrency) ?? start.MaxConcurrency,
                MaxQueue = parse.GetValue(queue) ?? start.MaxQueue,
                IntraOpThreads = parse.GetValue(intra) ?? start.IntraOpThreads,
                InterOpThreads = parse.GetValue(inter) ?? start.InterOpThreads,
                Batching = parse.GetValue(noBatching) ? null
                    : batchingAsked ? MergeBatching(start.Batching, parse.GetValue(maxBatch), parse.GetValue(delay), parse.GetValue(preferred))
                    : start.Batching,
            };
            var changed = settings != current.Settings || parse.GetValue(noBatching) || parse.GetValue(reset);
            var result = changed ? await client.SetExecutionAsync(target.Model, version, settings, parse.GetValue(force), ct) : current;
            if (output.Json)
            {
                output.WriteJson(result, Json.VersionExecutionDto);
            }
            else
            {
                ExecutionView.Write(output, result);
            }

            return ExitCodes.Success;
        }, ex => ex.Status == 400 ? "Run `modelplane models execution --help` for the allowed values." : null);
        return command;
    }

    private static BatchingSettingsDto MergeBatching(BatchingSettingsDto? current, int? maxBatch, string? delay, string? preferred) => new(
        maxBatch ?? current?.MaxBatchSize ?? DefaultMaxBatchSize,
        delay is null ? current?.MaxQueueDelayUs ?? DefaultDelayMicroseconds : ParseMicroseconds(delay),
        preferred is null ? current?.PreferredBatchSizes ?? [] : ParseSizes(preferred));

    /// <summary>Reads <c>500us</c>, <c>2ms</c>, <c>1.5s</c> or a bare number of microseconds.</summary>
    internal static long ParseMicroseconds(string text)
    {
        var (number, scale) = text.Trim() switch
        {
            var t when t.EndsWith("us", StringComparison.OrdinalIgnoreCase) => (t[..^2], 1.0),
            var t when t.EndsWith("µs", StringComparison.Ordinal) => (t[..^2], 1.0),
            var t when t.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (t[..^2], 1000.0),
            var t when t.EndsWith('s') => (t[..^1], 1_000_000.0),
            var t => (t, 1.0),
        };
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? (long)Math.Round(value * scale)
            : throw new UsageException($"--max-queue-delay '{text}' is not a duration such as 500us, 2ms or 1s.");
    }

    private static int[] ParseSizes(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s =>
            int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                ? size
                : throw new UsageException($"--preferred-batch-sizes '{text}' is not a comma-separated list of row counts such as 8,16."))];
}
