using System.Globalization;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli.Drift;

/// <summary>
/// Renders drift for people: per version the latest closed window (a header, every feature ranked by drift with its
/// statistics, and reference-vs-live histograms of the top features), or why there is none.
/// </summary>
internal static class DriftView
{
    /// <summary>How many of the most drifted features get a histogram.</summary>
    public const int HistogramFeatures = 3;

    /// <summary>Writes each version of <paramref name="drift"/>: its latest window, or why it has none, then its earlier windows in brief.</summary>
    public static void Write(CliOutput output, EndpointDriftDto drift)
    {
        if (drift.Versions.Count == 0)
        {
            output.Line($"Endpoint [bold]{drift.Endpoint.EscapeMarkup()}[/] has no versions to watch for drift.");
            return;
        }

        for (var i = 0; i < drift.Versions.Count; i++)
        {
            if (i > 0)
            {
                output.Line("");
            }

            WriteVersion(output, drift, drift.Versions[i]);
        }
    }

    /// <summary>Writes one window in full: the header line, the feature table and the histograms.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="endpoint">The endpoint the window belongs to.</param>
    /// <param name="window">The window.</param>
    /// <param name="version">The version's drift, for the open window's rows; null when not known (a window asked for by id).</param>
    public static void WriteWindow(CliOutput output, string endpoint, DriftWindowDto window, VersionDriftDto? version)
    {
        var open = version is null ? "" : $"  open window {OpenWindow(version)}";
        output.Line(
            $"[bold]{endpoint.EscapeMarkup()}[/]  {window.Model.EscapeMarkup()}@{window.Version}  window {window.Id}  {MonitoringFormat.Range(window.StartedAt, window.EndedAt)}"
            + string.Create(CultureInfo.InvariantCulture, $"  {window.Rows:N0} rows  verdict {MonitoringFormat.Verdict(window.Verdict)}  streak {window.Streak}{open}"));
        output.Console.Write(FeatureTable(window.Features));
        foreach (var feature in window.Features.Where(f => f.Bins is { Count: > 0 }).Take(HistogramFeatures))
        {
            output.Line(
                $"{Name(feature).EscapeMarkup()}: reference vs live (PSI {MonitoringFormat.Statistic(feature.Psi)}, {MonitoringFormat.Verdict(feature.Verdict)})");
            foreach (var line in DriftHistogram.Lines(feature.Bins!))
            {
                output.Line("  " + line.EscapeMarkup());
            }
        }
    }

    /// <summary>Every feature in the order given (most drifted first) with its statistics.</summary>
    public static Table FeatureTable(IReadOnlyList<FeatureDriftDto> features)
    {
        var table = CliOutput.Table("#", "Feature", "Kind", "Verdict", "PSI", "KS (p)", "Wasserstein", "JS", "χ² (p)", "Missing ref→live", "Why");
        for (var i = 0; i < features.Count; i++)
        {
            var f = features[i];
            table.AddRow(
                (i + 1).ToString(CultureInfo.InvariantCulture), Name(f).EscapeMarkup(), f.Kind.EscapeMarkup(), MonitoringFormat.Verdict(f.Verdict),
                MonitoringFormat.Statistic(f.Psi), MonitoringFormat.WithPValue(f.KsStatistic, f.KsPValue), MonitoringFormat.Statistic(f.Wasserstein),
                MonitoringFormat.Statistic(f.JensenShannon), MonitoringFormat.WithPValue(f.ChiSquare, f.ChiSquarePValue),
                $"{MonitoringFormat.Percent(f.ReferenceMissingRate)} → {MonitoringFormat.Percent(f.LiveMissingRate)}", (f.Reason ?? MonitoringFormat.None).EscapeMarkup());
        }

        return table;
    }

    private static void WriteVersion(CliOutput output, EndpointDriftDto drift, VersionDriftDto version)
    {
        var name = $"{version.Model}@{version.Version}".EscapeMarkup();
        if (!version.Monitored)
        {
            output.Line(drift.Settings.Enabled
                ? $"{name}: not monitored, no reference profile: run `modelplane models profile {name} --data FILE`"
                : $"{name}: not monitored, monitoring is off for this endpoint: run `modelplane monitoring set {drift.Endpoint.EscapeMarkup()} --enable`");
        }

        if (version.Windows.Count == 0)
        {
            if (version.Monitored)
            {
                output.Line($"{name}: no closed window yet; open window: {OpenWindow(version)}");
            }

            return;
        }

        WriteWindow(output, drift.Endpoint, version.Windows[0], version);
        if (version.Windows.Count > 1)
        {
            var history = CliOutput.Table("Window", "Time", "Rows", "Verdict", "Streak", "Most drifted");
            foreach (var w in version.Windows)
            {
                history.AddRow(
                    w.Id.ToString(CultureInfo.InvariantCulture), MonitoringFormat.Range(w.StartedAt, w.EndedAt), w.Rows.ToString("N0", CultureInfo.InvariantCulture),
                    MonitoringFormat.Verdict(w.Verdict), w.Streak.ToString(CultureInfo.InvariantCulture),
                    string.Join(", ", w.Features.Where(f => f.Verdict is "drift" or "warning").Take(3).Select(Name)).EscapeMarkup() is { Length: > 0 } top ? top : MonitoringFormat.None);
            }

            output.Line($"{name}: the latest {version.Windows.Count} closed windows (see one with --window ID)");
            output.Console.Write(history);
        }
    }

    private static string OpenWindow(VersionDriftDto version)
        => string.Create(CultureInfo.InvariantCulture, $"{version.OpenWindowRows:N0} rows")
           + (version.OpenSince is { } since ? $" since {CliOutput.Time(since)}" : "");

    private static string Name(FeatureDriftDto feature) => feature.IsOutput ? $"{feature.Name} (output)" : feature.Name;
}
