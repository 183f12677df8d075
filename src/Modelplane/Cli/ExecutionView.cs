using System.Globalization;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary>The human-readable view of a version's execution settings (<c>models execution</c>, <c>models show</c>).</summary>
internal static class ExecutionView
{
    /// <summary>Prints the settings of a version for <c>models show</c>; nothing from a server that predates them (404).</summary>
    public static async Task WriteIfServedAsync(CliOutput output, ModelplaneClient client, string model, string version, CancellationToken ct)
    {
        try
        {
            Write(output, await client.GetExecutionAsync(model, version, ct));
        }
        catch (ModelplaneApiException ex) when (ex.Status == 404)
        {
        }
    }

    public static void Write(CliOutput output, VersionExecutionDto execution)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        var (set, run) = (execution.Settings, execution.Effective);
        grid.AddRow("[bold]Execution[/]", $"{execution.Model.EscapeMarkup()}@{execution.Version}");
        grid.AddRow("  max concurrency", Value(run.MaxConcurrency, set.MaxConcurrency));
        grid.AddRow("  max queue", Value(run.MaxQueue, set.MaxQueue));
        grid.AddRow("  intra-op threads", Value(run.IntraOpThreads, set.IntraOpThreads));
        grid.AddRow("  inter-op threads", Value(run.InterOpThreads, set.InterOpThreads));
        grid.AddRow("  dynamic batching", run.Batching is { } b
            ? $"on: max batch size {b.MaxBatchSize}, max queue delay {Delay(b.MaxQueueDelayUs)}, preferred sizes {(b.PreferredBatchSizes is { Count: > 0 } p ? string.Join(",", p) : "none")}"
            : "off");
        output.Console.Write(grid);
    }

    private static string Value(int? effective, int? set) =>
        $"{effective?.ToString(CultureInfo.InvariantCulture) ?? "-"}{(set is null ? " (server default)" : "")}";

    private static string Delay(long microseconds) => microseconds % 1000 == 0
        ? $"{(microseconds / 1000).ToString(CultureInfo.InvariantCulture)}ms"
        : $"{microseconds.ToString(CultureInfo.InvariantCulture)}us";
}
