using System.Globalization;

namespace Modelplane.Cli.Drift;

/// <summary>How drift and quality figures read in tables: fixed decimals, "–" where a figure does not apply.</summary>
internal static class MonitoringFormat
{
    /// <summary>Shown for a figure that is null (does not apply, or no data).</summary>
    public const string None = "–";

    /// <summary>A statistic with four decimals, e.g. <c>0.2513</c>.</summary>
    public static string Statistic(double? value) => value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : None;

    /// <summary>A p-value with four decimals; below 0.0001 it reads <c>&lt;0.0001</c> because more digits say nothing to a reader.</summary>
    public static string PValue(double? value) => value switch
    {
        null => None,
        < 0.0001 => "<0.0001",
        { } v => v.ToString("0.0000", CultureInfo.InvariantCulture),
    };

    /// <summary>A statistic followed by its p-value in brackets, e.g. <c>0.3100 (0.0021)</c>.</summary>
    public static string WithPValue(double? statistic, double? p)
        => statistic is null ? None : p is null ? Statistic(statistic) : $"{Statistic(statistic)} ({PValue(p)})";

    /// <summary>A share as a percentage with one decimal: 0.1234 is <c>12.3%</c>.</summary>
    public static string Percent(double? share) => share is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s * 100:0.0}%") : None;

    /// <summary>A quality figure such as accuracy or AUC with three decimals.</summary>
    public static string Quality(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : None;

    /// <summary>An error figure such as MAE with four significant digits.</summary>
    public static string Error(double? value) => value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : None;

    /// <summary>A delay in the largest unit that keeps it readable: <c>45s</c>, <c>12m</c>, <c>3.5h</c>, <c>2.1d</c>.</summary>
    public static string Delay(double? seconds) => seconds switch
    {
        null => None,
        < 90 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0}s"),
        < 90 * 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0}m"),
        < 48 * 3600 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.#}h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86400:0.#}d"),
    };

    /// <summary>A time range; the end drops its date when it is the start's day.</summary>
    public static string Range(DateTimeOffset start, DateTimeOffset end)
        => start.UtcDateTime.Date == end.UtcDateTime.Date
            ? $"{CliOutput.Time(start)} – {end.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture)}"
            : $"{CliOutput.Time(start)} – {CliOutput.Time(end)}";

    /// <summary>A drift verdict in Spectre markup, coloured by how bad it is.</summary>
    public static string Verdict(string verdict) => verdict switch
    {
        "drift" => "[red]drift[/]",
        "warning" => "[yellow]warning[/]",
        "stable" => "[green]stable[/]",
        "insufficient_data" => "[grey]insufficient data[/]",
        _ => Spectre.Console.Markup.Escape(verdict),
    };

    /// <summary>
    /// A duration in the form the server reads (<c>90s</c>, <c>30m</c>, <c>1h</c>, <c>7d</c>): the largest unit that
    /// divides it exactly, so <c>--window-duration 3600</c> is sent as <c>1h</c>.
    /// </summary>
    /// <exception cref="UsageException">The text is not a duration, or is under a second or not whole seconds.</exception>
    public static string ServerDuration(string option, string text)
    {
        var duration = CliDurations.Parse(option, text);
        if (duration < TimeSpan.FromSeconds(1) || duration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new UsageException($"{option} '{text}' must be a whole number of seconds, at least 1s (e.g. 30m, 1h, 1d).");
        }

        var seconds = (long)duration.TotalSeconds;
        return seconds % 86400 == 0 ? $"{seconds / 86400}d"
            : seconds % 3600 == 0 ? $"{seconds / 3600}h"
            : seconds % 60 == 0 ? $"{seconds / 60}m"
            : $"{seconds}s";
    }
}
