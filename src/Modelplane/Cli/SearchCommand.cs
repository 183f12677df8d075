using System.CommandLine;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane models search FILTER</c>: versions of all models matching an MLflow-style filter, one page at a time.</summary>
internal static class SearchCommand
{
    private const int MetricsShown = 3;

    public static Command Build(CliEnvironment env)
    {
        var filter = new Argument<string?>("FILTER")
        {
            Description = "Comparisons joined by AND over name, version, alias, approval, created, tags.KEY, params.KEY, metrics.KEY; empty matches all",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var orderBy = new Option<string?>("--order-by") { Description = "created, name, version or metrics.KEY, then ASC or DESC (default: created DESC)", HelpName = "CLAUSE" };
        var max = new Option<int?>("--max") { Description = "Versions per page (default 100, at most 1000)", HelpName = "N" };
        var pageToken = new Option<string?>("--page-token") { Description = "Continue from the token printed under the previous page", HelpName = "TOKEN" };
        var command = new Command("search", "Find versions across all models by name, tags, metrics, params, alias, approval or creation time.") { filter, orderBy, max, pageToken }
            .WithExamples(
                "modelplane models search \"tags.team = 'risk' and metrics.auc > 0.9\"",
                "modelplane models search \"name LIKE 'churn%' and approval = 'approved'\" --order-by \"metrics.auc DESC\" --max 20",
                "modelplane models search \"created > '2026-05-01T00:00:00Z'\" --json");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var result = await client.SearchVersionsAsync(
                parse.GetValue(filter), parse.GetValue(orderBy), parse.GetValue(max), parse.GetValue(pageToken), ct);
            if (output.Json)
            {
                output.WriteJson(result, ModelplaneJsonContext.Default.VersionSearchResultDto);
                return ExitCodes.Success;
            }

            Write(output, result);
            return ExitCodes.Success;
        }, ex => ex.Status == 400 ? "Filters look like: tags.team = 'risk' and metrics.auc > 0.9 (strings in single quotes)." : null);
        return command;
    }

    private static void Write(CliOutput output, VersionSearchResultDto result)
    {
        if (result.Versions.Count == 0)
        {
            output.Line("No versions match.");
            return;
        }

        var table = CliOutput.Table("Model", "Version", "Aliases", "Approval", "Metrics", "Created");
        foreach (var v in result.Versions)
        {
            var metrics = string.Join(", ", v.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Take(MetricsShown).Select(m => $"{m.Key}={CliOutput.Number(m.Value)}"));
            table.AddRow(
                v.Model.EscapeMarkup(),
                $"{v.Version}",
                string.Join(", ", v.Aliases).EscapeMarkup(),
                (v.Approval?.Status ?? "pending").EscapeMarkup(),
                metrics.EscapeMarkup(),
                CliOutput.Time(v.CreatedAt));
        }

        output.Console.Write(table);
        output.Line(result.TotalCountIsLowerBound
            ? $"{result.Versions.Count} of at least {result.TotalCount} matching versions."
            : $"{result.Versions.Count} of {result.TotalCount} matching versions.");
        if (result.NextPageToken is { } token)
        {
            output.Line($"Next page: add [bold]--page-token {token.EscapeMarkup()}[/]");
        }
    }
}
