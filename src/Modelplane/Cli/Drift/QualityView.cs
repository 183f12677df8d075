using System.Globalization;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli.Drift;

/// <summary>
/// Renders an endpoint's model quality for people: one row per closed window with label coverage and delay, the
/// realised figures (classification or regression columns, both when the endpoint serves both), the estimate, and
/// which of them the quality objective uses.
/// </summary>
internal static class QualityView
{
    /// <summary>Writes a one-line explanation and the window table, or says there are no closed windows.</summary>
    public static void Write(CliOutput output, EndpointQualityDto quality)
    {
        var name = quality.Endpoint.EscapeMarkup();
        if (quality.Windows.Count == 0)
        {
            output.Line($"Endpoint [bold]{name}[/] has no closed monitoring windows yet; see `modelplane drift {name}` for the open one.");
            return;
        }

        output.Line(
            $"Model quality of [bold]{name}[/] per window: realised from labels when at least {MonitoringFormat.Percent(quality.MinCoverage)} "
            + "of the rows are labeled, estimated from confidence otherwise.");
        output.Console.Write(Table(quality.Windows));
    }

    /// <summary>The window table; the columns depend on the tasks the windows' figures are for.</summary>
    public static Table Table(IReadOnlyList<WindowQualityDto> windows)
    {
        var tasks = windows.SelectMany(w => new[] { w.Realised?.Task, w.Estimated?.Task }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var regression = tasks.Contains("regression");
        var classification = tasks.Contains("classification") || !regression;
        List<string> headers = ["Window", "Version", "Time", "Rows", "Labeled", "Coverage", "Label delay"];
        if (classification)
        {
            headers.AddRange(["Accuracy", "F1", "AUC", "Log loss", "Est. acc.", "Est. F1"]);
        }

        if (regression)
        {
            headers.AddRange(["MAE", "RMSE", "R²"]);
        }

        headers.Add("Objective");
        var table = CliOutput.Table([.. headers]);
        foreach (var w in windows)
        {
            List<string> cells =
            [
                w.WindowId.ToString(CultureInfo.InvariantCulture), $"{w.Model}@{w.Version}".EscapeMarkup(), MonitoringFormat.Range(w.StartedAt, w.EndedAt),
                w.Rows.ToString("N0", CultureInfo.InvariantCulture), w.Labeled.ToString("N0", CultureInfo.InvariantCulture), MonitoringFormat.Percent(w.Coverage),
                MonitoringFormat.Delay(w.LabelDelaySeconds),
            ];
            if (classification)
            {
                var r = w.Realised;
                cells.AddRange([
                    MonitoringFormat.Quality(r?.Accuracy), MonitoringFormat.Quality(r?.F1), MonitoringFormat.Quality(r?.RocAuc), MonitoringFormat.Statistic(r?.LogLoss),
                    MonitoringFormat.Quality(w.Estimated?.Accuracy), MonitoringFormat.Quality(w.Estimated?.F1),
                ]);
            }

            if (regression)
            {
                cells.AddRange([
                    MonitoringFormat.Error(w.Realised?.MeanAbsoluteError), MonitoringFormat.Error(w.Realised?.RootMeanSquaredError), MonitoringFormat.Quality(w.Realised?.RSquared),
                ]);
            }

            cells.Add(Source(w.Source));
            table.AddRow([.. cells]);
        }

        return table;
    }

    private static string Source(string source) => source switch
    {
        "realised" => "realised",
        "estimated" => "[yellow]estimated[/]",
        "none" => "[grey]none[/]",
        _ => source.EscapeMarkup(),
    };
}
