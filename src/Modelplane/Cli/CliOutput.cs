using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary>Writes a command's result either as tables and lines for people or, with <c>--json</c>, as one JSON document.</summary>
internal sealed class CliOutput(CliEnvironment env, bool json)
{
    /// <summary>Whether <c>--json</c> was given.</summary>
    public bool Json => json;

    /// <summary>Rich console on standard output.</summary>
    public IAnsiConsole Console => env.Console;

    /// <summary>Whether a progress bar may be drawn (a terminal, and not JSON mode).</summary>
    public bool ShowProgress => env.IsTerminal && !json;

    /// <summary>Writes <paramref name="value"/> as indented JSON using the wire contract's metadata.</summary>
    public void WriteJson<T>(T value, JsonTypeInfo<T> type)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            JsonSerializer.Serialize(writer, value, type);
        }

        env.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Writes a JSON element (such as a raw inference response) indented.</summary>
    public void WriteJson(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            element.WriteTo(writer);
        }

        env.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Writes a line of Spectre markup to standard output.</summary>
    public void Line(string markup) => env.Console.MarkupLine(markup);

    /// <summary>Writes text as it is, never wrapped, so that a command can be copied and pasted.</summary>
    public void Raw(string text) => env.Out.WriteLine(text);

    /// <summary>Writes an error in red to standard error, then an optional hint of what to do next.</summary>
    public void Error(string message, string? hint)
    {
        env.ErrorConsole.MarkupLine($"[red]Error:[/] {message.EscapeMarkup()}");
        if (hint is not null)
        {
            env.ErrorConsole.MarkupLine($"[grey]Hint:[/] {hint.EscapeMarkup()}");
        }
    }

    /// <summary>A table with the house look and the given column headers.</summary>
    public static Table Table(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(header.EscapeMarkup()));
        }

        return table;
    }

    /// <summary>A shape such as <c>[N, 30]</c>: a dynamic dimension (-1) reads as N in the first position, ? elsewhere.</summary>
    public static string Shape(IReadOnlyList<long> shape)
        => "[" + string.Join(", ", shape.Select((d, i) => d >= 0 ? d.ToString(CultureInfo.InvariantCulture) : i == 0 ? "N" : "?")) + "]";

    /// <summary>A byte count as people read it: 512 B, 1.5 KiB, 3.2 MiB.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? $"{bytes.ToString(CultureInfo.InvariantCulture)} B"
            : $"{value.ToString("0.#", CultureInfo.InvariantCulture)} {units[unit]}";
    }

    /// <summary>A timestamp in UTC, to the second.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A number in its shortest round-trip form with invariant culture.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
