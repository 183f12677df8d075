using System.Globalization;

namespace Modelplane.Cli;

/// <summary>Durations as people type them in options: <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c>, <c>7d</c>, or plain seconds.</summary>
internal static class CliDurations
{
    /// <exception cref="UsageException">The text is not such a duration; the message names <paramref name="option"/>.</exception>
    public static TimeSpan Parse(string option, string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], "ms")
            : text.Length > 0 && char.IsAsciiLetter(text[^1]) ? (text[..^1], text[^1..])
            : (text, "s");
        if (!double.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            throw new UsageException($"{option} '{text}' is not a duration. Use e.g. 30s, 2m or 1h.");
        }

        return unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            "d" => TimeSpan.FromDays(amount),
            _ => throw new UsageException($"{option} '{text}' has unit '{unit}'; use ms, s, m, h or d (e.g. 2m)."),
        };
    }
}
