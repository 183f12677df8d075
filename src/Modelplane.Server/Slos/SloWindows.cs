using System.Globalization;

namespace Modelplane.Server.Slos;

/// <summary>Windows as people and Prometheus write them: <c>30s</c>, <c>5m</c>, <c>6h</c>, <c>30d</c>.</summary>
public static class SloWindows
{
    /// <summary>The shortest exact form: whole days as <c>d</c>, else whole hours as <c>h</c>, else whole minutes as <c>m</c>, else seconds.</summary>
    public static string Format(TimeSpan window) =>
        window.Ticks % TimeSpan.TicksPerDay == 0 ? string.Create(CultureInfo.InvariantCulture, $"{window.Ticks / TimeSpan.TicksPerDay}d")
        : window.Ticks % TimeSpan.TicksPerHour == 0 ? string.Create(CultureInfo.InvariantCulture, $"{window.Ticks / TimeSpan.TicksPerHour}h")
        : window.Ticks % TimeSpan.TicksPerMinute == 0 ? string.Create(CultureInfo.InvariantCulture, $"{window.Ticks / TimeSpan.TicksPerMinute}m")
        : string.Create(CultureInfo.InvariantCulture, $"{window.TotalSeconds:0}s");

    /// <summary>Reads a whole number of seconds, minutes, hours or days (<c>30s</c>, <c>90m</c>, <c>12h</c>, <c>30d</c>); null for anything else.</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (text is not { Length: >= 2 and <= 12 }
            || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount is <= 0 or > 1_000_000)
        {
            return null;
        }

        return text[^1] switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => null,
        };
    }
}
